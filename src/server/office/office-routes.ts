import { Hono } from 'hono';
import { calendarDateIn } from '../../shared/calendar';
import { clientFullName } from '../../shared/domain';
import { minutesOverdue } from '../../shared/safety';
import type { AppEnv, ServerDeps } from '../env';
import { ApiError } from '../http/api-error';
import { privacyRoutes } from '../privacy/privacy-routes';

const DEFAULT_MARGIN_MIN = 15;

/**
 * For office accounts only. Safety, not care: who is in which home past the
 * planned end, with the address and the therapist's name, and nothing
 * clinical (need-to-know).
 */
export function officeRoutes(deps: ServerDeps) {
  const { store, now } = deps;
  const routes = new Hono<AppEnv>();

  routes.use(async (c, next) => {
    if ((await store.getRole(c.get('therapistId'))) !== 'office') {
      throw new ApiError(403, 'forbidden', 'This is for office accounts.');
    }
    await next();
  });

  routes.get('/overdue', async (c) => {
    const marginParam = c.req.query('margin');
    const margin = marginParam === undefined ? DEFAULT_MARGIN_MIN : Number(marginParam);
    if (!Number.isInteger(margin) || margin < 0 || margin > 240) {
      throw new ApiError(400, 'invalid_request', 'margin must be a whole number of minutes from 0 to 240.');
    }
    const at = now();
    const underWay = await store.visitsUnderWay(calendarDateIn(at));
    const overdue = underWay
      .map(({ visit, therapist, client }) => ({
        visitId: visit.id,
        therapist: { id: therapist.id, name: therapist.name },
        client: clientFullName(client),
        address: { ...client.address },
        status: visit.status,
        since: visit.statusTimes.in_session ?? visit.statusTimes.arrived ?? null,
        minutesOverdue: minutesOverdue(visit, at, margin),
      }))
      .filter((entry) => entry.minutesOverdue > 0)
      .sort((a, b) => b.minutesOverdue - a.minutesOverdue);
    return c.json({ asOf: at.toISOString(), marginMin: margin, overdue });
  });

  // Law 25: the privacy officer's part of the office (privacy-routes.ts).
  routes.route('/privacy', privacyRoutes(deps, { retentionYears: deps.retentionYears }));

  return routes;
}
