import type { Visit, VisitStatus } from '../../shared/domain';
import { canTransition, STATUSES_NEEDING_REASON } from '../../shared/visit-status';
import type { Workspace } from './workspace';

/**
 * Moves a visit to its next status through the ordinary write path (offline,
 * one transaction with the outbox), stamping the time it happened.
 */
export async function moveVisit(workspace: Workspace, visit: Visit, to: VisitStatus, reason = '', now = new Date()): Promise<void> {
  if (!canTransition(visit.status, to)) throw new Error(`A visit cannot go from ${visit.status} to ${to}`);
  if (STATUSES_NEEDING_REASON.includes(to) && reason.trim() === '') throw new Error('A reason is required');
  await workspace.write([
    {
      entity: 'visit',
      id: visit.id,
      fields: {
        status: to,
        statusTimes: { ...visit.statusTimes, [to]: now.toISOString() },
        ...(STATUSES_NEEDING_REASON.includes(to) ? { statusReason: reason.trim() } : {}),
      },
    },
  ]);
}
