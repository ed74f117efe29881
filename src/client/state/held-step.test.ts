import 'fake-indexeddb/auto';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientSchema } from '../../shared/domain';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { aClient, aTherapist, aVisit } from '../../shared/testing/fixtures';
import { applyPullPage } from '../data/apply-pull';
import { plainCodec } from '../data/codec';
import { deleteTherapistDb, openTherapistDb, type Db } from '../data/db';
import { writeChanges, type Change } from '../data/local-write';
import { createVisitsRepo } from '../data/visits-repo';
import { canUndo, commitHeldStep, heldStep, takeStep, undoStep, UNDO_WINDOW_MS, withHeldStep } from './held-step';
import type { Workspace } from './workspace';

const therapist = aTherapist();
const client = aClient();
const visit = aVisit(therapist.id, client.id);
const OFFICE_HLC = '2026-01-05T10:00:00.000Z-0000-5e7e700000000000';
// The tap, on the visit's day; the device's HLC clock reads the same instant (both injected).
const TAP = Date.parse(`${visit.date}T14:00:00Z`);
let db: Db;
let space: Workspace;

beforeEach(async () => {
  db = await openTherapistDb(therapist.id);
  const clock = { node: 'aaaaaaaaaaaa0001', now: () => TAP };
  const hlc = Object.fromEntries(Object.keys(visit).map((key) => [key, OFFICE_HLC]));
  await applyPullPage(
    db,
    {
      protocolVersion: PROTOCOL_VERSION,
      reset: true,
      records: [{ entity: 'visit', id: visit.id, seq: 1, deleted: false, data: visit, hlc }],
      cursor: 'c1.1.2026-11-23.2026-12-08',
      hasMore: false,
      window: { from: '2026-11-23', to: '2026-12-08' },
    },
    plainCodec,
  );
  // Only what held-step.ts uses of a workspace: its therapist, its visits, its write path.
  space = { therapistId: therapist.id, visits: createVisitsRepo(db, plainCodec), write: (changes: Change[]) => writeChanges(db, plainCodec, clock, changes) } as unknown as Workspace;
});
afterEach(async () => {
  vi.useRealTimers();
  heldStep.value = null;
  db.close();
  await deleteTherapistDb(therapist.id);
});

const stored = async () => (await space.visits.visitById(visit.id))!.visit;

describe('a status step held for undo', () => {
  it('is shown as taken but neither stored nor queued during the window; undo forgets it', async () => {
    await takeStep(space, visit, 'en_route', '', TAP);
    expect(withHeldStep(await stored()).status).toBe('en_route');
    expect(withHeldStep(await stored()).statusTimes.en_route).toBe(new Date(TAP).toISOString());
    expect((await stored()).status).toBe('scheduled');
    expect(await db.count('outbox')).toBe(0);

    undoStep(space);
    expect(withHeldStep(await stored()).status).toBe('scheduled');
    await commitHeldStep(space);
    expect(await db.count('outbox')).toBe(0);
  });

  it('can be undone for two minutes, not after', () => {
    const held = { therapistId: therapist.id, visitId: visit.id, to: 'arrived' as const, reason: '', at: TAP };
    expect(canUndo(held, TAP)).toBe(true);
    expect(canUndo(held, TAP + UNDO_WINDOW_MS - 1)).toBe(true);
    expect(canUndo(held, TAP + UNDO_WINDOW_MS)).toBe(false);
    expect(canUndo(null, TAP)).toBe(false);
  });

  it('is written, with the time of the tap, when the two minutes pass', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await takeStep(space, visit, 'en_route', '', TAP);
    vi.advanceTimersByTime(UNDO_WINDOW_MS - 1);
    expect(await db.count('outbox')).toBe(0);
    vi.advanceTimersByTime(1);
    await vi.waitFor(async () => expect((await stored()).status).toBe('en_route'));
    expect((await stored()).statusTimes.en_route).toBe(new Date(TAP).toISOString());
    const [entry] = await db.getAll('outbox');
    expect(entry?.fields).toMatchObject({ status: 'en_route' });
    expect(heldStep.value).toBeNull();
  });

  it('is written first when the therapist takes the next step, which is then held', async () => {
    await takeStep(space, visit, 'en_route', '', TAP);
    await takeStep(space, withHeldStep(await stored()), 'arrived', '', TAP + 60_000);
    expect((await stored()).status).toBe('en_route');
    expect(withHeldStep(await stored()).status).toBe('arrived');
    expect(await db.count('outbox')).toBe(1);
  });

  it('is dropped, not written backward, when the visit moved on meanwhile (another device)', async () => {
    await takeStep(space, visit, 'en_route', '', TAP);
    await space.write([{ entity: 'visit', id: visit.id, fields: { status: 'completed', statusTimes: { completed: new Date(TAP).toISOString() } } }]);
    // The write above is "moving on" in the app; here it went straight to the store, so commit by hand.
    await commitHeldStep(space);
    expect((await stored()).status).toBe('completed');
    expect(withHeldStep(await stored()).status).toBe('completed');
  });
});

describe('the risk card fields', () => {
  it('a client stored before they existed still reads, with nothing noted', () => {
    const { othersPresent: _others, risks: _risks, ...older } = client.access;
    const parsed = v.parse(ClientSchema, { ...client, access: older });
    expect(parsed.access.othersPresent).toBe('');
    expect(parsed.access.risks).toBe('');
  });
});
