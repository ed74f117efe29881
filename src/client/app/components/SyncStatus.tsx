import { messages, locale } from '../../state/locale';
import { browserOnline } from '../../state/connection';
import { syncState } from '../../state/workspace';
import { formatSyncTime } from '../../i18n/format';

/** Always on screen: is this device online, syncing, and when did it last get the office's data. */
export function SyncStatus() {
  const m = messages.value.connection;
  const state = syncState.value;
  const offline = !browserOnline.value || state?.problem?.kind === 'network';

  let detail: string;
  if (state?.problem?.kind === 'clock') detail = m.clock(Math.max(1, Math.round(Math.abs(state.problem.deviceAheadMs) / 60_000)), state.problem.deviceAheadMs > 0);
  else if (state && state.waiting > 0 && !state.running) detail = m.waiting(state.waiting);
  else if (state?.running) detail = m.syncing;
  else if (state?.problem?.kind === 'signed-out') detail = m.signInAgain;
  else if (state?.problem?.kind === 'update-app') detail = m.updateApp;
  else if (state?.problem?.kind === 'server') detail = m.failed(state.problem.message);
  else if (state?.problem?.kind === 'storage') detail = m.failed(state.problem.message);
  else if (state?.lastSyncedAt) detail = m.syncedAt(formatSyncTime(new Date(state.lastSyncedAt), locale.value));
  else detail = m.neverSynced;

  return (
    <p class="sync-status" data-state={offline ? 'offline' : 'online'} role="status" aria-live="polite">
      <span class="sync-status__dot" aria-hidden="true" />
      <strong>{offline ? m.offline : m.online}</strong>
      <span class="sync-status__detail">{detail}</span>
      {state && state.refused > 0 && (
        <span class="sync-status__detail sync-status__refused">{m.refused(state.refused)}</span>
      )}
    </p>
  );
}
