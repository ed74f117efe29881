import { loadCatalog } from '../i18n/messages';
import { account } from '../state/account';
import { lockState } from '../state/lock-state';
import { messages } from '../state/locale';
import { route } from '../state/route';
import { workspace, workspaceError } from '../state/workspace';
import { Link } from './components/Link';
import { lazyScreen } from './lazy';
import { SyncStatus } from './components/SyncStatus';
import { SafetyCheck } from './components/SafetyCheck';
import { UpdateBanner } from './components/UpdateBanner';
import { DayScreen } from './screens/Day/DayScreen';

// Only the day view is in the first download; the other screens load when first opened
// (the service worker precaches them, so they open offline too). Leaflet comes with the map.
const LoadFailed = ({ error }: { error: string }) => <p class="form__error">{messages.value.errors.screenFailed(error)}</p>;
const MapScreen = lazyScreen(() => import('./screens/Map/MapScreen').then((module) => module.MapScreen), LoadFailed);
const VisitDetail = lazyScreen(() => import('./screens/VisitDetail/VisitDetail').then((module) => module.VisitDetail), LoadFailed);
const Settings = lazyScreen(() => import('./screens/Settings/Settings').then((module) => module.Settings), LoadFailed);
const IntakeForm = lazyScreen(() => import('./screens/IntakeForm/IntakeForm').then((module) => module.IntakeForm), LoadFailed);
const ClientList = lazyScreen(() => import('./screens/ClientList/ClientList').then((module) => module.ClientList), LoadFailed);
const ClientFile = lazyScreen(() => import('./screens/ClientFile/ClientFile').then((module) => module.ClientFile), LoadFailed);
// A receipt is written in the client's language: the screen comes with both catalogs.
const ReceiptView = lazyScreen(
  () => Promise.all([import('./screens/Receipt/ReceiptView'), loadCatalog('fr'), loadCatalog('en')]).then(([module]) => module.ReceiptView),
  LoadFailed,
);
const SessionForm = lazyScreen(() => import('./screens/SessionForm/SessionForm').then((module) => module.SessionForm), LoadFailed);
// A signed-in phone never shows the sign-in screen: it is fetched only when signed out, and
// then before the first render (loadFirstScreen), like the catalog, so that a phone losing
// the network right after opening the app still shows it.
const SignIn = lazyScreen(() => import('./screens/SignIn/SignIn').then((module) => module.SignIn), LoadFailed);
// Shown when the device's data key is not in memory (device-lock.ts); precached like every screen.
const LockScreen = lazyScreen(() => import('./screens/Lock/LockScreen').then((module) => module.LockScreen), LoadFailed);

// A visit or a record opened by its address (a reload, a shortcut) fetches its screen while the
// app starts, instead of after the first render and the sign-in check.
const opened = route.peek().name;
if (opened === 'visit') VisitDetail.preload();
else if (opened === 'record') SessionForm.preload();

/** What the first render needs besides the catalog: the sign-in screen when nobody is signed in. */
export function loadFirstScreen(): Promise<void> {
  return account.peek() ? Promise.resolve() : SignIn.ready();
}

export function App() {
  const m = messages.value;
  if (!account.value) {
    return (
      <>
        <UpdateBanner />
        <SignIn />
      </>
    );
  }

  if (lockState.value) {
    return (
      <>
        <UpdateBanner />
        <LockScreen />
      </>
    );
  }

  const current = route.value;
  // A client's file belongs to the tab it was opened from: a visit of the day, or the client list.
  const fromList = current.name === 'clients' || ((current.name === 'client' || current.name === 'intake') && !current.fromVisit);
  const tab = current.name === 'settings' ? 'settings' : fromList ? 'clients' : 'day';
  const space = workspace.value;
  let screen = null;
  if (space) {
    if (current.name === 'day') screen = <DayScreen workspace={space} date={current.date} />;
    else if (current.name === 'visit') screen = <VisitDetail workspace={space} id={current.id} />;
    else if (current.name === 'settings') screen = <Settings workspace={space} />;
    else if (current.name === 'map') screen = <MapScreen workspace={space} date={current.date} />;
    else if (current.name === 'record') screen = <SessionForm workspace={space} visitId={current.visitId} />;
    else if (current.name === 'receipt') screen = <ReceiptView workspace={space} visitId={current.visitId} />;
    else if (current.name === 'clients') screen = <ClientList workspace={space} />;
    else if (current.name === 'client') screen = <ClientFile workspace={space} clientId={current.clientId} fromVisit={current.fromVisit} />;
    else if (current.name === 'intake') screen = <IntakeForm workspace={space} clientId={current.clientId} fromVisit={current.fromVisit} />;
    else screen = <DayScreen workspace={space} date={null} />;
  }

  return (
    <>
      <a class="skip-link" href="#main">
        {m.nav.main}
      </a>
      <header class="app-bar">
        <p class="app-bar__name">{m.appName}</p>
        <SyncStatus />
      </header>
      <UpdateBanner />
      {space && <SafetyCheck workspace={space} />}
      <main id="main" class="screen">
        {workspaceError.value && (
          <p class="form__error" role="alert">
            {m.errors.storage(workspaceError.value)}
          </p>
        )}
        {screen}
      </main>
      <nav class="tab-bar" aria-label={m.nav.main}>
        <Link href="/" class="tab-bar__item" aria-current={tab === 'day' ? 'page' : undefined}>
          {m.nav.day}
        </Link>
        <Link href="/clients" class="tab-bar__item" aria-current={tab === 'clients' ? 'page' : undefined}>
          {m.nav.clients}
        </Link>
        <Link href="/settings" class="tab-bar__item" aria-current={tab === 'settings' ? 'page' : undefined}>
          {m.nav.settings}
        </Link>
      </nav>
    </>
  );
}
