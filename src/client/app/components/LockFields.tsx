import type { LockMessages } from '../../i18n/lock-messages';
import { EscrowRefusedError, WeakPinError, WrongPinError } from '../../security/keyring-errors';
import { MIN_PIN_LENGTH, normalizePin } from '../../security/pin-key';
import { LockNeedsSyncError, PasswordNeedsNetworkError } from '../../state/device-lock';
import { ApiRequestError, NetworkError } from '../../sync/api-client';

/** The password and a new PIN twice: turning the lock on (Settings), or opening it after a forgotten PIN. */
export function PasswordAndNewPin({ m }: { m: LockMessages }) {
  return (
    <>
      <label class="field">
        <span>{m.password}</span>
        <input name="password" type="password" autocomplete="current-password" required />
      </label>
      <label class="field">
        <span>{m.newPin}</span>
        <input name="newPin" type="password" inputMode="numeric" autocomplete="new-password" required minLength={MIN_PIN_LENGTH} />
      </label>
      <label class="field">
        <span>{m.confirmPin}</span>
        <input name="confirmPin" type="password" inputMode="numeric" autocomplete="new-password" required minLength={MIN_PIN_LENGTH} />
      </label>
    </>
  );
}

/** The new PIN from those fields, or null when the two differ. */
export function newPinOf(form: FormData): string | null {
  const pin = String(form.get('newPin') ?? '');
  return normalizePin(pin) === normalizePin(String(form.get('confirmPin') ?? '')) ? pin : null;
}

/** Why unlocking or turning the lock on failed, as the therapist reads it. */
export function explainLockFailure(m: LockMessages, failure: unknown): string {
  if (failure instanceof WrongPinError) return m.wrongPin(failure.attemptsLeft);
  if (failure instanceof WeakPinError) return m.pinTooShort;
  if (failure instanceof EscrowRefusedError) return m.escrowRefused;
  if (failure instanceof LockNeedsSyncError) return m.needsSync;
  if (failure instanceof PasswordNeedsNetworkError || failure instanceof NetworkError) return m.needsNetwork;
  if (failure instanceof ApiRequestError && (failure.status === 401 || failure.status === 422)) return m.wrongPassword;
  if (failure instanceof ApiRequestError && (failure.status === 429 || failure.status === 503)) return m.tooMany;
  return m.failed(failure instanceof Error ? failure.message : String(failure));
}
