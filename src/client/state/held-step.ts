import { signal } from '@preact/signals';
import type { Visit, VisitStatus } from '../../shared/domain';
import { canTransition } from '../../shared/visit-status';
import { moveVisit } from './visit-workflow';
import type { Workspace } from './workspace';

/**
 * Undo of the last status step, for two minutes.
 *
 * Why the step is held on the device rather than sent and then reverted: the
 * server enforces the visit status machine (never backward, never out of a
 * final status; src/server/sync/visit-rules.ts), and every device converges
 * on what the server keeps. A "revert" would need a second, time-limited rule
 * on the server (same therapist, within two minutes, nothing since), and a
 * second phone that had already adopted "completed" would have to take it
 * back. Holding the step instead means nothing the server or another device
 * sees ever goes backward: the step is written (and so queued for push) only
 * when the window has passed, when the therapist takes another step, or when
 * the app next starts. Undo just forgets it. The time it happened is kept
 * from the tap, not from the write. The cost is that the office learns of a
 * step up to two minutes late.
 *
 * The held step survives a closed tab in localStorage (visit id and status
 * only, nothing clinical), and is written on the next start.
 */
export const UNDO_WINDOW_MS = 2 * 60_000;

export interface HeldStep {
  therapistId: string;
  visitId: string;
  to: VisitStatus;
  reason: string;
  /** When the therapist tapped, epoch ms: the step's time, and the start of the undo window. */
  at: number;
}

/** The one step held for undo, if any. */
export const heldStep = signal<HeldStep | null>(null);

let timer: ReturnType<typeof setTimeout> | undefined;

const storageKey = (therapistId: string) => `tournee.heldStep.${therapistId}`;

/** True while the held step can still be undone at `now`. */
export function canUndo(held: HeldStep | null, now: number): held is HeldStep {
  return held !== null && now >= held.at && now - held.at < UNDO_WINDOW_MS;
}

/** The visit as the therapist should see it: with the held step on top of what is stored. */
export function withHeldStep(visit: Visit, held: HeldStep | null = heldStep.value): Visit {
  if (!held || held.visitId !== visit.id || !canTransition(visit.status, held.to)) return visit;
  return {
    ...visit,
    status: held.to,
    statusTimes: { ...visit.statusTimes, [held.to]: new Date(held.at).toISOString() },
    ...(held.reason ? { statusReason: held.reason } : {}),
  };
}

function remember(held: HeldStep | null, therapistId: string): void {
  heldStep.value = held;
  clearTimeout(timer);
  try {
    if (held) localStorage.setItem(storageKey(therapistId), JSON.stringify(held));
    else localStorage.removeItem(storageKey(therapistId));
  } catch {
    // Storage full or blocked: the step is still held in memory and written when the window ends.
  }
}

/** Writes the held step for real (record and outbox), if it is still a legal move from what is stored. */
export async function commitHeldStep(workspace: Workspace): Promise<void> {
  const held = heldStep.value;
  if (!held) return;
  remember(null, held.therapistId);
  const found = await workspace.visits.visitById(held.visitId);
  // Another device moved the visit on meanwhile (a pull): the step is moot, the server's status stands.
  if (!found || !canTransition(found.visit.status, held.to)) return;
  await moveVisit(workspace, found.visit, held.to, held.reason, new Date(held.at));
}

/**
 * Takes a status step: any step held before is written first (the therapist
 * moved on), then this one is held for the undo window.
 */
export async function takeStep(workspace: Workspace, visit: Visit, to: VisitStatus, reason = '', now = Date.now()): Promise<void> {
  if (!canTransition(visit.status, to)) throw new Error(`A visit cannot go from ${visit.status} to ${to}`);
  if (heldStep.value) await commitHeldStep(workspace);
  const held: HeldStep = { therapistId: workspace.therapistId, visitId: visit.id, to, reason: reason.trim(), at: now };
  remember(held, workspace.therapistId);
  timer = setTimeout(() => void commitHeldStep(workspace), UNDO_WINDOW_MS);
}

/** Forgets the held step: nothing was written, so nothing goes back anywhere. */
export function undoStep(workspace: Workspace): void {
  if (heldStep.value) remember(null, workspace.therapistId);
}

/** At start: a step held by an earlier run of the app (closed within the window) is written now. */
export async function flushLeftoverStep(workspace: Workspace): Promise<void> {
  let raw: string | null;
  try {
    raw = localStorage.getItem(storageKey(workspace.therapistId));
  } catch {
    return;
  }
  if (!raw || heldStep.value) return;
  try {
    heldStep.value = JSON.parse(raw) as HeldStep;
  } catch {
    remember(null, workspace.therapistId);
    return;
  }
  await commitHeldStep(workspace);
}

/** The workspace closes (another account, sign-out): stop the timer; what localStorage holds is written at that therapist's next start. */
export function releaseHeldStep(): void {
  clearTimeout(timer);
  heldStep.value = null;
}
