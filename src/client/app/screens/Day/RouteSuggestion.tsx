import type { LatLng, TransportMode } from '../../../../shared/domain';
import { optimiseRoute, type OptimiseResult } from '../../../../shared/route-optimiser';
import { estimateTravelMinutes, type RouteStop } from '../../../../shared/travel';
import { routeSuggestionCatalogs } from '../../../i18n/route-suggestion-messages';
import { locale } from '../../../state/locale';

// Loaded on the first "suggest" tap, with the optimiser (OptimisePanel.tsx): most
// days the office's order is kept, and the day view never needs this.

/** The shortest order of the stops that keeps every arrival window. */
export function suggestOrder(stops: RouteStop[], origin: LatLng, departAt: number, mode: TransportMode): OptimiseResult {
  return optimiseRoute({ stops, origin, departAt, travel: (a, b) => estimateTravelMinutes(a, b, mode) });
}

interface Props {
  result: OptimiseResult;
  /** Client names by visit id. */
  names: Map<string, string>;
  onApply: (order: string[]) => void;
  onKeep: () => void;
}

/** The optimiser's answer: no order fits, nothing shorter, or a shorter order to accept or refuse. */
export function RouteSuggestion({ result, names, onApply, onKeep }: Props) {
  const m = routeSuggestionCatalogs[locale.value];
  if (!result.feasible) return <p role="status">{m.infeasible}</p>;
  if (result.savedMin <= 0) return <p role="status">{m.noBetter}</p>;
  return (
    <div class="card" role="status">
      <p>{m.suggestion(result.savedMin)}</p>
      <ol>
        {result.order.map((id) => (
          <li key={id}>{names.get(id)}</li>
        ))}
      </ol>
      <div class="actions">
        <button type="button" class="button button--primary" onClick={() => onApply(result.order)}>
          {m.apply}
        </button>
        <button type="button" class="button" onClick={onKeep}>
          {m.keepOffice}
        </button>
      </div>
    </div>
  );
}
