import { useSignal } from '@preact/signals';
import type { TargetedSubmitEvent } from 'preact';
import { lockCatalogs, type LockMessages } from '../../../i18n/lock-messages';
import { PinLockedOutError } from '../../../security/keyring-errors';
import { MIN_PIN_LENGTH } from '../../../security/pin-key';
import { forgotPin } from '../../../state/device-lock';
import { lockState, type LockState } from '../../../state/lock-state';
import { locale, messages } from '../../../state/locale';
import { backToPin, unlock } from '../../../state/lock-paths';
import { PasswordAndNewPin, explainLockFailure, newPinOf } from '../../components/LockFields';

/**
 * The lock screen: the PIN; or the password and a new PIN (none chosen yet,
 * forgotten, or locked out after 10 wrong ones). Whatever fails, what was
 * typed stays in the fields and the reason is said; no record is touched.
 */
export function LockScreen() {
  const state = lockState.value;
  const m = lockCatalogs[locale.value];
  if (!state) return null;
  return (
    <main id="main" class="sign-in">
      <h1>{messages.value.appName}</h1>
      {state.mode === 'pin' ? <PinForm m={m} /> : <PasswordForm m={m} why={state.why} />}
    </main>
  );
}

function useSubmit(m: LockMessages, run: (form: FormData) => Promise<void>) {
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  async function onSubmit(event: TargetedSubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy.value) return;
    const form = new FormData(event.currentTarget);
    busy.value = true;
    error.value = null;
    try {
      await run(form);
    } catch (failure) {
      // Locked out: the screen turns to the password form, which says why.
      if (!(failure instanceof PinLockedOutError)) error.value = explainLockFailure(m, failure);
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, onSubmit, fail: (message: string) => (error.value = message) };
}

function ErrorLine({ id, error }: { id: string; error: string | null }) {
  return error ? (
    <p id={id} class="form__error" role="alert">
      {error}
    </p>
  ) : null;
}

function PinForm({ m }: { m: LockMessages }) {
  const { busy, error, onSubmit } = useSubmit(m, (form) => unlock({ pin: String(form.get('pin') ?? '') }));
  return (
    <>
      <p class="sign-in__intro">{m.lockedIntro}</p>
      <form class="form" onSubmit={onSubmit} aria-describedby={error.value ? 'lock-error' : undefined}>
        <h2>{m.lockedTitle}</h2>
        <label class="field">
          <span>{m.pin}</span>
          {/* A PIN may be a passphrase: digits are offered first, letters still type. */}
          <input name="pin" type="password" inputMode="numeric" autocomplete="off" autoFocus required minLength={MIN_PIN_LENGTH} />
        </label>
        <ErrorLine id="lock-error" error={error.value} />
        <button type="submit" class="button button--primary" disabled={busy.value}>
          {busy.value ? m.unlocking : m.unlock}
        </button>
        <button type="button" class="button" onClick={forgotPin}>
          {m.forgotPin}
        </button>
      </form>
    </>
  );
}

function PasswordForm({ m, why }: { m: LockMessages; why: Extract<LockState, { mode: 'password' }>['why'] }) {
  const { busy, error, onSubmit, fail } = useSubmit(m, async (form) => {
    const newPin = newPinOf(form);
    if (newPin === null) return void fail(m.pinsDiffer);
    await unlock({ password: String(form.get('password') ?? ''), newPin });
  });
  return (
    <>
      <p class="sign-in__intro">{m.passwordIntro[why]}</p>
      <form class="form" onSubmit={onSubmit} aria-describedby={error.value ? 'lock-error' : undefined}>
        <h2>{m.passwordTitle[why]}</h2>
        <PasswordAndNewPin m={m} />
        <ErrorLine id="lock-error" error={error.value} />
        <button type="submit" class="button button--primary" disabled={busy.value}>
          {busy.value ? m.unlocking : m.choose}
        </button>
        {why === 'forgot-pin' && (
          <button type="button" class="button" onClick={backToPin}>
            {m.backToPin}
          </button>
        )}
      </form>
    </>
  );
}
