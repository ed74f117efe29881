import { settingsCatalogs } from '../../../i18n/settings-messages';
import { useSignal } from '@preact/signals';
import type { Locale } from '../../../../shared/domain';
import { chooseLocale, locale, localeChoice, messages } from '../../../state/locale';
import { ChangesWaitingError, RefusalsUnreviewedError, signOut } from '../../../state/leaving';
import { storagePersisted, type Workspace } from '../../../state/workspace';
import { refusalCatalogs } from '../../../i18n/refusal-messages';
import { RefusalList } from '../../components/RefusalList';
import { UnreadableRecords } from './UnreadableRecords';
import { useLiveQuery } from '../../use-live-query';
import { useScreenFocus } from '../../use-screen-focus';
import { AppearanceCard } from './AppearanceCard';
import { LockCard } from './LockCard';
import { RoadSettingsCard } from './RoadSettingsCard';
import { SignedInDevices } from './SignedInDevices';
import { PrivacyOfficerCard } from './PrivacyOfficerCard';
import '../../later-screens.css';

const CHOICES: (Locale | null)[] = [null, 'fr', 'en'];

export function Settings({ workspace }: { workspace: Workspace }) {
  const m = messages.value;
  const sm = settingsCatalogs[locale.value];
  const heading = useScreenFocus<HTMLHeadingElement>('settings');
  const therapist = useLiveQuery(() => workspace.visits.therapist(workspace.therapistId), [workspace]).data.value;
  const signOutError = useSignal<string | null>(null);
  const languageError = useSignal<string | null>(null);
  const waitingAtSignOut = useSignal(0);
  const refusals = useLiveQuery(() => workspace.issues.refusals(), [workspace]).data.value ?? [];

  async function onSignOut(discardWaiting = false) {
    if (!confirm(discardWaiting ? sm.settings.discardConfirm : sm.settings.signOutConfirm)) return;
    try {
      await signOut({ discardWaiting });
    } catch (error) {
      if (error instanceof ChangesWaitingError) {
        waitingAtSignOut.value = error.waiting;
        signOutError.value = sm.settings.signOutWaiting(error.waiting);
      } else if (error instanceof RefusalsUnreviewedError) {
        waitingAtSignOut.value = error.refused;
        signOutError.value = sm.settings.signOutRefused(error.refused);
      } else {
        signOutError.value = sm.settings.signOutFailed(error instanceof Error ? error.message : String(error));
      }
    }
  }

  return (
    <section class="settings" aria-labelledby="settings-title">
      <h1 id="settings-title" ref={heading} tabIndex={-1}>
        {sm.settings.title}
      </h1>

      <fieldset class="card">
        <legend>{sm.settings.language}</legend>
        {CHOICES.map((choice) => (
          <label class="choice" key={choice ?? 'auto'}>
            <input
              type="radio"
              name="locale"
              checked={localeChoice.value === choice}
              onChange={() => {
                languageError.value = null;
                chooseLocale(choice).catch((error: unknown) => {
                  languageError.value = sm.settings.languageFailed(error instanceof Error ? error.message : String(error));
                });
              }}
            />
            <span>{choice ? m.languageEndonyms[choice] : sm.settings.languageAuto}</span>
          </label>
        ))}
        {languageError.value && (
          <p class="form__error" role="alert">
            {languageError.value}
          </p>
        )}
      </fieldset>

      <LockCard workspace={workspace} />
      <AppearanceCard />

      <RoadSettingsCard therapist={therapist} />
      <PrivacyOfficerCard />

      <section class="card" aria-labelledby="account-title">
        <h2 id="account-title">{sm.settings.account}</h2>
        {therapist && <p>{sm.settings.signedInAs(therapist.name, therapist.email)}</p>}
        {therapist && (
          <dl class="facts facts--stacked">
            <div>
              <dt>{sm.settings.association}</dt>
              <dd>{therapist.association}</dd>
            </div>
            <div>
              <dt>{sm.settings.memberNumber}</dt>
              <dd>{therapist.memberNumber}</dd>
            </div>
          </dl>
        )}
        <button type="button" class="button button--danger" onClick={() => void onSignOut()}>
          {sm.settings.signOut}
        </button>
        {signOutError.value && (
          <p class="form__error" role="alert">
            {signOutError.value}
          </p>
        )}
        {waitingAtSignOut.value > 0 && (
          <button type="button" class="button button--danger" onClick={() => void onSignOut(true)}>
            {sm.settings.discardAndSignOut(waitingAtSignOut.value)}
          </button>
        )}
      </section>

      <SignedInDevices />

      {refusals.length > 0 && (
        <section class="card card--alert" aria-labelledby="refusals-title">
          <h2 id="refusals-title">{refusalCatalogs[locale.value].title}</h2>
          <RefusalList workspace={workspace} refusals={refusals} />
        </section>
      )}

      <UnreadableRecords />

      {storagePersisted.value !== null && (
        <section class="card" aria-labelledby="storage-title">
          <h2 id="storage-title">{sm.settings.storage}</h2>
          <p>{storagePersisted.value ? sm.settings.storagePersisted : sm.settings.storageNotPersisted}</p>
        </section>
      )}
    </section>
  );
}
