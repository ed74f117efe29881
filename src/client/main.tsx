// First of all: the device's theme and text size, before anything renders.
import './state/appearance';
import './state/manifest-language';
import { render } from 'preact';
import { App } from './app/App';
import './app/styles.css';
import { registerServiceWorker } from './state/app-update';
import { startSignOutRevocation } from './state/pending-sign-out';
import { resumePositionIfAllowed } from './state/position';
import { startWorkspaces } from './state/workspace';

// First: a sign-out made offline is sent before anything else the page sends.
startSignOutRevocation();
startWorkspaces();
render(<App />, document.getElementById('app')!);
void registerServiceWorker();
void resumePositionIfAllowed();
