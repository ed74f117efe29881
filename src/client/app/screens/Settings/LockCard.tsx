import { useSignal } from '@preact/signals';
import type { TargetedSubmitEvent } from 'preact';
import { lockCatalogs, type LockMessages } from '../../../i18n/lock-messages';
import { HIDDEN_MINUTES, IDLE_MINUTES, chooseLockTimes, lockTimes } from '../../../state/lock-settings';
import { locale } from '../../../state/locale';
import { lockWorkspace, turnLockOn } from '../../../state/lock-paths';
import type { Workspace } from '../../../state/workspace';
import { PasswordAndNewPin, explainLockFailure, newPinOf } from '../../components/LockFields';

/**
 * The lock (state/device-lock.ts): off, a form to turn it on (the password
 * once, and a PIN); on, when it locks itself on this device, and a button to
 * lock it now.
 */
export function LockCard({ workspace }: { workspace: Workspace }) {
  const m = lockCatalogs[locale.value];
  return (
    <section class="card" aria-labelledby="lock-title">
      <h2 id="lock-title">{m.cardTitle}</h2>
      {workspace.sealed ? <LockTimes m={m} /> : <TurnOn m={m} />}
    </section>
  );
}

function LockTimes({ m }: { m: LockMessages }) {
  const hidden = lockTimes.value.hiddenMs / 60_000;
  const idle = lockTimes.value.idleMs / 60_000;
  return (
    <>
      <p class="muted">{m.cardIntro}</p>
      <label class="field">
        <span>{m.hiddenAfter}</span>
        <select value={String(hidden)} onChange={(event) => chooseLockTimes({ hidden: Number(event.currentTarget.value), idle })}>
          {HIDDEN_MINUTES.map((minutes) => (
            <option key={minutes} value={String(minutes)}>
              {m.minutes(minutes)}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{m.idleAfter}</span>
        <select value={String(idle)} onChange={(event) => chooseLockTimes({ hidden, idle: Number(event.currentTarget.value) })}>
          {IDLE_MINUTES.map((minutes) => (
            <option key={minutes} value={String(minutes)}>
              {m.minutes(minutes)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" class="button" onClick={() => void lockWorkspace()}>
        {m.lockNow}
      </button>
    </>
  );
}

function TurnOn({ m }: { m: LockMessages }) {
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);

  async function onSubmit(event: TargetedSubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const pin = newPinOf(form);
    error.value = null;
    if (pin === null) return void (error.value = m.pinsDiffer);
    busy.value = true;
    try {
      await turnLockOn(String(form.get('password') ?? ''), pin);
    } catch (failure) {
      // What was typed stays in the fields; nothing on the phone changed.
      error.value = explainLockFailure(m, failure);
    } finally {
      busy.value = false;
    }
  }

  return (
    <form class="form" onSubmit={onSubmit} aria-describedby={error.value ? 'lock-on-error' : 'lock-off-intro'}>
      <p class="muted" id="lock-off-intro">
        {m.offIntro}
      </p>
      <PasswordAndNewPin m={m} />
      {error.value && (
        <p id="lock-on-error" class="form__error" role="alert">
          {error.value}
        </p>
      )}
      <button type="submit" class="button button--primary" disabled={busy.value}>
        {busy.value ? m.turningOn : m.turnOn}
      </button>
    </form>
  );
}
