import { useSignal } from '@preact/signals';
import { localDateOf } from '../../../shared/calendar';
import { smsUrl } from '../../../shared/directions';
import { clientFullName } from '../../../shared/domain';
import { minutesOverdue } from '../../../shared/safety';
import { messages } from '../../state/locale';
import { roadSettings } from '../../state/road-settings';
import { now } from '../../state/ticker';
import { withHeldStep } from '../../state/held-step';
import type { Workspace } from '../../state/workspace';
import { useLiveQuery } from '../use-live-query';

/**
 * "Everything all right?" when a session runs past its planned end by the
 * margin: one tap to call or text the office, with the address. Shown on
 * every screen; "all is well" quiets it for another margin.
 */
export function SafetyCheck({ workspace }: { workspace: Workspace }) {
  const m = messages.value.safety;
  const quietUntil = useSignal(0);
  const today = localDateOf(now.value);
  const data = useLiveQuery(
    async () => ({ visits: await workspace.visits.visitsOn(today), therapist: await workspace.visits.therapist(workspace.therapistId) }),
    [workspace, today],
    ['visit', 'client', 'therapist'],
  ).data.value;
  if (!data || now.value.getTime() < quietUntil.value) return null;

  const margin = roadSettings.value.safetyMarginMin;
  const overdue = data.visits
    .map((entry) => ({ entry, minutes: minutesOverdue(withHeldStep(entry.visit), now.value, margin) })) // a held "completed" ends it too
    .find(({ minutes }) => minutes > 0);
  if (!overdue || !overdue.entry.client) return null;

  const { client } = overdue.entry;
  const office = roadSettings.value.officePhone || data.therapist?.officePhone || '';
  const address = `${client.address.street}${client.address.unit ? `, ${client.address.unit}` : ''}, ${client.address.city}`;
  const lateBy = overdue.minutes + margin;
  return (
    <div class="banner banner--safety" role="alertdialog" aria-labelledby="safety-title" aria-describedby="safety-body">
      <h2 id="safety-title">{m.title}</h2>
      <p id="safety-body">{m.body(clientFullName(client), lateBy)}</p>
      <div class="actions">
        <button type="button" class="button button--primary" onClick={() => (quietUntil.value = Date.now() + margin * 60_000)}>
          {m.fine}
        </button>
        {office && (
          <>
            <a class="button" href={`tel:${office.replace(/[^\d+]/g, '')}`}>
              {m.call}
            </a>
            <a class="button" href={smsUrl(office, messages.value.sms.safety(address, clientFullName(client)))}>
              {m.text}
            </a>
          </>
        )}
      </div>
    </div>
  );
}
