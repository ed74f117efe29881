import { useSignal } from '@preact/signals';
import type { LatLng, TransportMode } from '../../../../shared/domain';
import type { OptimiseResult } from '../../../../shared/route-optimiser';
import type { RouteStop } from '../../../../shared/travel';
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
type Suggestion = { view: typeof import('./RouteSuggestion'); result: OptimiseResult };

/** Suggests a shorter order that keeps every window; it applies only if the therapist accepts. */
export function OptimisePanel({ date, visits, open, origin, departAt, mode, usingOwnOrder }: Props) {
  const m = messages.value.road;
  const suggestion = useSignal<Suggestion | null>(null);
  const stops = open.map(toRouteStop).filter((stop): stop is RouteStop => stop !== null);

  async function suggest() {
    // The optimiser and its answer load on first use: most days, the office's order is kept.
    const view = await import('./RouteSuggestion');
    suggestion.value = { view, result: view.suggestOrder(stops, origin, departAt, mode) };
  }

  function apply(order: string[]) {
    const done = visits.filter((entry) => !open.includes(entry)).map((entry) => entry.visit.id);
    setOwnOrder(date, [...done, ...order]);
    suggestion.value = null;
  }

  const names = new Map(open.map((entry) => [entry.visit.id, entry.client ? `${entry.client.firstName} ${entry.client.lastName}` : '…']));
  const shown = suggestion.value;
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
      {!shown && stops.length >= 2 && (
        <button type="button" class="button" onClick={() => void suggest()}>
          {m.optimise}
        </button>
      )}
      {shown && <shown.view.RouteSuggestion result={shown.result} names={names} onApply={apply} onKeep={() => (suggestion.value = null)} />}
    </section>
  );
}
