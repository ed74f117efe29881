import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import * as v from 'valibot';
import { SignedInDevicesSchema, type SignedInDevice } from '../../../../shared/api';
import { settingsCatalogs } from '../../../i18n/settings-messages';
import { browserOnline } from '../../../state/connection';
import { locale } from '../../../state/locale';
import { NetworkError, getJson, postJson } from '../../../sync/api-client';
import './devices.css';

type Load = { kind: 'loading' } | { kind: 'offline' } | { kind: 'failed'; detail: string } | { kind: 'loaded'; devices: SignedInDevice[] };

/**
 * The browsers signed in to this account, from the server (it alone knows
 * them), and "sign out all other devices" for a lost phone. This device stays
 * signed in, so what waits to be sent here still can be.
 */
export function SignedInDevices() {
  const m = settingsCatalogs[locale.value].devices;
  const load = useSignal<Load>({ kind: 'loading' });
  const busy = useSignal(false);
  const outcome = useSignal<{ text: string; failed: boolean } | null>(null);

  async function refresh() {
    try {
      const { sessions } = await getJson('/api/auth/sessions', SignedInDevicesSchema);
      load.value = { kind: 'loaded', devices: sessions };
    } catch (error) {
      load.value = error instanceof NetworkError ? { kind: 'offline' } : { kind: 'failed', detail: error instanceof Error ? error.message : String(error) };
    }
  }
  const online = browserOnline.value;
  useEffect(() => {
    if (online) void refresh();
    else load.value = { kind: 'offline' };
  }, [online]);

  async function signOutOthers() {
    if (!confirm(m.signOutOthersConfirm)) return;
    busy.value = true;
    outcome.value = null;
    try {
      const { ended } = await postJson('/api/auth/sessions/revoke-others', {}, v.object({ ended: v.number() }));
      outcome.value = { text: m.signedOutOthers(ended), failed: false };
      await refresh();
    } catch (error) {
      outcome.value = { text: m.signOutOthersFailed(error instanceof Error ? error.message : String(error)), failed: true };
    } finally {
      busy.value = false;
    }
  }

  const state = load.value;
  // Intl rather than date-fns (i18n/format.ts): importing that here would move date-fns out of the day view's chunk.
  const when = (iso: string) => new Date(iso).toLocaleString(locale.value === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'medium', timeStyle: 'short' });
  const others = state.kind === 'loaded' ? state.devices.filter((device) => !device.current).length : 0;
  return (
    <section class="card" aria-labelledby="devices-title">
      <h2 id="devices-title">{m.title}</h2>
      {state.kind === 'loading' && <p class="muted">{m.loading}</p>}
      {state.kind === 'offline' && <p class="muted">{m.offline}</p>}
      {state.kind === 'failed' && <p class="form__error">{m.failed(state.detail)}</p>}
      {state.kind === 'loaded' && (
        <ul class="devices" role="list">
          {state.devices.map((device) => (
            <li key={device.id} class="devices__item" aria-current={device.current ? 'true' : undefined}>
              <p class="devices__name">
                {m.label(device.browser, device.os)}
                {device.current && <span class="devices__this">{m.thisDevice}</span>}
              </p>
              <dl class="devices__facts">
                <div>
                  <dt>{m.signedIn}</dt>
                  <dd>{when(device.createdAt)}</dd>
                </div>
                <div>
                  <dt>{m.lastActive}</dt>
                  {/* Written at most hourly on the server: say so rather than show a false precision. */}
                  <dd>{device.current ? m.activeNow : m.around(when(device.lastSeenAt))}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      {state.kind === 'loaded' && others === 0 && <p>{m.onlyThis}</p>}
      {state.kind === 'loaded' && others > 0 && (
        <>
          <p id="sign-out-others-hint" class="muted">
            {m.signOutOthersHint}
          </p>
          <button type="button" class="button button--danger" aria-describedby="sign-out-others-hint" disabled={busy.value} onClick={() => void signOutOthers()}>
            {m.signOutOthers}
          </button>
        </>
      )}
      <p role="status" class={outcome.value?.failed ? 'form__error' : undefined}>
        {outcome.value?.text}
      </p>
    </section>
  );
}
