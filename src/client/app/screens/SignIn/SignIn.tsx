import { useSignal } from '@preact/signals';
import type { TargetedSubmitEvent } from 'preact';
import { signIn } from '../../../state/sign-in';
import { wipeNotice } from '../../../state/device-traces';
import { signInCatalogs } from '../../../i18n/sign-in-messages';
import { locale, messages } from '../../../state/locale';
import { ApiRequestError, NetworkError } from '../../../sync/api-client';

export function SignIn() {
  const m = signInCatalogs[locale.value];
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);

  async function onSubmit(event: TargetedSubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    busy.value = true;
    error.value = null;
    try {
      await signIn(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
    } catch (failure) {
      // The typed email and password stay in the form: nothing is cleared on failure.
      if (failure instanceof ApiRequestError && (failure.status === 401 || failure.status === 422)) error.value = m.invalid;
      else if (failure instanceof ApiRequestError && failure.status === 429) error.value = m.tooMany;
      else if (failure instanceof ApiRequestError && failure.status === 503) error.value = m.busy;
      else if (failure instanceof NetworkError) error.value = m.offline;
      else if (failure instanceof ApiRequestError) error.value = m.failed(failure.message);
      else error.value = m.invalid;
    } finally {
      busy.value = false;
    }
  }

  return (
    <main id="main" class="sign-in">
      <h1>{messages.value.appName}</h1>
      <p class="sign-in__intro">{m.intro}</p>
      {wipeNotice.value && (
        <section class="card sign-in__wiped" role="status" aria-labelledby="sign-in-wiped">
          <h2 id="sign-in-wiped">{m.wipedTitle}</h2>
          <p>{m.wiped[wipeNotice.value]}</p>
        </section>
      )}
      <form class="form" onSubmit={onSubmit} aria-describedby={error.value ? 'sign-in-error' : undefined}>
        <h2>{m.title}</h2>
        <label class="field">
          <span>{m.email}</span>
          <input name="email" type="email" autocomplete="username" inputMode="email" required />
        </label>
        <label class="field">
          <span>{m.password}</span>
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        {error.value && (
          <p id="sign-in-error" class="form__error" role="alert">
            {error.value}
          </p>
        )}
        <button type="submit" class="button button--primary" disabled={busy.value}>
          {busy.value ? m.submitting : m.submit}
        </button>
      </form>
    </main>
  );
}
