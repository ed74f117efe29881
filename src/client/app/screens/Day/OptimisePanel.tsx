import { useSignal } from '@preact/signals';
import type { LatLng, TransportMode } from '../../../../shared/domain';
import type { OptimiseResult } from '../../../../shared/route-optimiser';
import { estimateTravelMinutes, type RouteStop } from '../../../../shared/travel';
import type { DayVisit } from '../../../data/visits-repo';
import { toRouteStop } from '../../../road/day-plan';
import { setOwnOrder } from '../../../state/day-order';
import { messages } from '../../../state/locale';

interface Props {
  date: string;
  /** All the day's visits in the order in use; only those not yet over are reordered. */
  visits: DayVisit[];
  open: DayVisit[];
  origin: LatLng;
  departAt: number;
  mode: TransportMode;
  usingOwnOrder: boolean;
}

/** Suggests a shorter order that keeps every window; it applies only if the therapist accepts. */
export function OptimisePanel({ date, visits, open, origin, departAt, mode, usingOwnOrder }: Props) {
  const m = messages.value.road;
  const result = useSignal<OptimiseResult | null>(null);
  const stops = open.map(toRouteStop).filter((stop): stop is RouteStop => stop !== null);

  async function suggest() {
    // The optimiser is loaded on first use: most days, the office's order is kept.
    const { optimiseRoute } = await import('../../../../shared/route-optimiser');
    result.value = optimiseRoute({ stops, origin, departAt, travel: (a, b) => estimateTravelMinutes(a, b, mode) });
  }

  function apply(order: string[]) {
    const done = visits.filter((entry) => !open.includes(entry)).map((entry) => entry.visit.id);
    setOwnOrder(date, [...done, ...order]);
    result.value = null;
  }

  const names = new Map(open.map((entry) => [entry.visit.id, entry.client ? `${entry.client.firstName} ${entry.client.lastName}` : '…']));
  const suggestion = result.value;
  return (
    <section class="optimise" aria-label={m.optimise}>
      {usingOwnOrder && (
        <p class="muted">
          {m.usingOwnOrder}{' '}
          <button type="button" class="button" onClick={() => setOwnOrder(date, null)}>
            {m.backToOffice}
          </button>
        </p>
      )}
      {!suggestion && stops.length >= 2 && (
        <button type="button" class="button" onClick={() => void suggest()}>
          {m.optimise}
        </button>
      )}
      {suggestion && !suggestion.feasible && <p role="status">{m.infeasible}</p>}
      {suggestion && suggestion.feasible && suggestion.savedMin <= 0 && <p role="status">{m.noBetter}</p>}
      {suggestion && suggestion.feasible && suggestion.savedMin > 0 && (
        <div class="card" role="status">
          <p>{m.suggestion(suggestion.savedMin)}</p>
          <ol>
            {suggestion.order.map((id) => (
              <li key={id}>{names.get(id)}</li>
            ))}
          </ol>
          <div class="actions">
            <button type="button" class="button button--primary" onClick={() => apply(suggestion.order)}>
              {m.apply}
            </button>
            <button type="button" class="button" onClick={() => (result.value = null)}>
              {m.keepOffice}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
