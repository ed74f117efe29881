// First of all: the device's theme and text size, before anything renders.
import './state/appearance';
import './state/manifest-language';
import { render } from 'preact';
import { App, loadFirstScreen } from './app/App';
import './app/styles.css';
import { registerServiceWorker } from './state/app-update';
import { startSignOutRevocation } from './state/pending-sign-out';
import { loadLocale } from './state/locale';
import { keepFieldsOutOfSessionRestore } from './state/no-form-restore';
import { resumePositionIfAllowed } from './state/position';
import { startWorkspaces } from './state/workspace';

// First: a sign-out made offline is sent before anything else the page sends.
startSignOutRevocation();
startWorkspaces();
keepFieldsOutOfSessionRestore();
// Only the therapist's language is downloaded; the first screen waits for it (precached, a few ms),
// and, signed out, for the sign-in screen.
void Promise.all([loadLocale(), loadFirstScreen()]).then(
  () => render(<App />, document.getElementById('app')!),
  (failure: unknown) => {
    document.getElementById('app')!.textContent = `Tournée: ${failure instanceof Error ? failure.message : String(failure)}`;
  },
);
void registerServiceWorker();
void resumePositionIfAllowed();
