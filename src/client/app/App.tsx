import { account } from '../state/account';
import { messages } from '../state/locale';
import { route } from '../state/route';
import { workspace, workspaceError } from '../state/workspace';
import { Link } from './components/Link';
import { SyncStatus } from './components/SyncStatus';
import { SafetyCheck } from './components/SafetyCheck';
import { UpdateBanner } from './components/UpdateBanner';
import { DayScreen } from './screens/Day/DayScreen';
import { Settings } from './screens/Settings/Settings';
import { SignIn } from './screens/SignIn/SignIn';
import { VisitDetail } from './screens/VisitDetail/VisitDetail';

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

  const current = route.value;
  const space = workspace.value;
  let screen = null;
  if (space) {
    if (current.name === 'day') screen = <DayScreen workspace={space} date={current.date} />;
    else if (current.name === 'visit') screen = <VisitDetail workspace={space} id={current.id} />;
    else if (current.name === 'settings') screen = <Settings workspace={space} />;
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
        <Link href="/" class="tab-bar__item" aria-current={current.name === 'day' || current.name === 'visit' ? 'page' : undefined}>
          {m.nav.day}
        </Link>
        <Link href="/settings" class="tab-bar__item" aria-current={current.name === 'settings' ? 'page' : undefined}>
          {m.nav.settings}
        </Link>
      </nav>
    </>
  );
}
