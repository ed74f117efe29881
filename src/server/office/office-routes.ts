import { Hono } from 'hono';
import * as v from 'valibot';
import { calendarDateIn } from '../../shared/calendar';
import { clientFullName } from '../../shared/domain';
import { minutesOverdue } from '../../shared/safety';
import type { AppEnv, ServerDeps } from '../env';
import { WIPE_GRACE_MS } from '../auth/session-tokens';
import { ApiError } from '../http/api-error';
import { readJson } from '../http/read-json';
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

  /**
   * Deactivates an account: it can no longer sign in, and each of its devices
   * pushes what it holds at its next contact and then deletes its data (remote
   * wipe, require-session.ts). An office account cannot deactivate itself.
   */
  routes.post('/accounts/:id/deactivate', async (c) => {
    await readJson(c, v.object({}));
    const id = c.req.param('id');
    if (id === c.get('therapistId')) throw new ApiError(409, 'invalid_request', 'An office account cannot deactivate itself.');
    const at = now();
    if (!(await store.deactivateAccount(id, at, new Date(at.getTime() + WIPE_GRACE_MS)))) {
      throw new ApiError(404, 'not_found', 'No such account.');
    }
    // Its devices' escrow secrets go too: a lost phone's data key can no longer be recovered with the password.
    await store.deleteKeyEscrows(id, null);
    return c.json({ deactivated: id });
  });

  // Law 25: the privacy officer's part of the office (privacy-routes.ts).
  routes.route('/privacy', privacyRoutes(deps, { retentionYears: deps.retentionYears }));

  return routes;
}
