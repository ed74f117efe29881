import { render } from 'preact';
import { App } from './app/App';
import './app/styles.css';
import { registerServiceWorker } from './state/app-update';
import { resumePositionIfAllowed } from './state/position';
import { startWorkspaces } from './state/workspace';

startWorkspaces();
render(<App />, document.getElementById('app')!);
void registerServiceWorker();
void resumePositionIfAllowed();
