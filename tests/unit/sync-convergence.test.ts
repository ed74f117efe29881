/**
 * Seeded, reproducible randomized sync test: the fuzz that can see every
 * promise of the sync engine break. Three phones of one therapist, each with
 * its own IndexedDB, two tabs (each its own HLC node and its own editors) and
 * a service worker that only pushes, run the real client code against the
 * real server app (in-process, real SQLite file), through a network that
 * drops requests, drops answers, duplicates and delays them. Phones crash;
 * their clocks are skewed within the allowed drift and jump hours ahead and
 * back; editors stay open on stale text while others type; two tabs type at
 * once; session records are started on two phones offline, signed, amended;
 * intakes and receipts are created, receipts printed; the night crosses
 * midnight (the pull window moves, snapshots reset and prune); the office
 * moves a visit to another therapist mid-run.
 *
 * At the end the network heals, clocks are set right, and everyone syncs.
 * Then: every phone holds exactly the server's records, field by field with
 * the same per-field HLCs and the same conflicts; nothing waits; every
 * refusal is one the rules call for; one session record per visit; a signed
 * record holds exactly the text its signer saw; receipt numbers have no gap;
 * a receipt's first print is the earliest; and every text anyone committed is
 * the final text, or kept in a conflict or a refusal, or was read by whoever
 * typed over it.
 *
 * FUZZ_RUNS (default 200) and FUZZ_SEED (replay one run) tune it.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { plainCodec } from '../../src/client/data/codec';
import { RECORD_STORES } from '../../src/client/data/db';
import { pullWindow } from '../../src/server/sync/pull-window';
import { blankIntakeAnswers, VISIT_STATUSES, type Receipt, type SessionRecord, type VisitStatus } from '../../src/shared/domain';
import { FREE_TEXT_FIELDS, SIGNED_CONTENT_FIELDS } from '../../src/shared/editable-fields';
import { HLC_ZERO, MAX_CLOCK_DRIFT_MS } from '../../src/shared/hlc';
import { uuidv7 } from '../../src/shared/ids';
import type { EntityName, SyncRecord } from '../../src/shared/protocol';
import { sessionRecordIdFor } from '../../src/shared/record-ids';
import { aSessionRecord } from '../../src/shared/testing/fixtures';
import { calendarDateIn } from '../../src/shared/calendar';
import { STATUSES_NEEDING_REASON, VISIT_FLOW, nextStep } from '../../src/shared/visit-status';
import { backgroundPush, openPhone, phoneNow, showStored, stored, sync, write, type CommittedText, type Editor, type Phone, type Tab } from './fuzz/phone';
import { createWorld, rng, type Random, type World } from './fuzz/world';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const ONLY_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : null;
const STEPS = 60;
const PHONES = 3;

interface SignAttempt {
  recordId: string;
  signedAt: string;
  /** The texts on the signer's screen. */
  saw: Record<string, unknown>;
}

function newSessionRecord(world: World, visitId: string, phone: Phone): SessionRecord {
  return aSessionRecord({ id: visitId, clientId: world.client.id, therapistId: world.therapist.id }, { createdAt: new Date(phoneNow(world, phone)).toISOString(), durationMin: 60 });
}

/**
 * The receipt as the phone previews it before it syncs. The preview here is
 * deliberately off (a stale profile, a wrong duration and date): the phone
 * sends only the therapist's choices, and must end with what the server
 * composed from its own records.
 */
function newReceipt(world: World, visitId: string, at: string): Receipt {
  return {
    id: uuidv7(),
    visitId,
    clientId: world.client.id,
    therapistId: world.therapist.id,
    number: null,
    issuedAt: at,
    language: 'fr',
    therapistName: 'A stale name',
    association: world.therapist.association,
    memberNumber: 'OLD-1',
    clientName: 'Test Client',
    serviceDate: '2026-01-01',
    startTime: '09:00',
    durationMin: 300,
    service: 'swedish',
    careAddress: '1 rue Test, Montréal (Québec) H1A 1A1',
    amountCents: 9000,
    gstCents: 450,
    qstCents: 0,
    gstNumber: '',
    qstNumber: '',
    paymentMethod: 'interac',
    recipientName: '',
    signature: world.therapist.name,
    firstPrintedAt: null,
  };
}

/** The fields the visit screen writes for a move (see moveVisit): the status, its time, a reason when one is needed. */
function statusMove(visit: Record<string, unknown>, to: VisitStatus, at: number, reason: string): Record<string, unknown> {
  return {
    status: to,
    statusTimes: { ...(visit.statusTimes as Record<string, string>), [to]: new Date(at).toISOString() },
    ...(STATUSES_NEEDING_REASON.includes(to) ? { statusReason: reason || 'No reason given' } : {}),
  };
}

const TEXT_TARGETS: { entity: Editor['entity']; field: string }[] = [
  { entity: 'visit', field: 'therapistNote' },
  { entity: 'sessionRecord', field: 'subjective' },
  { entity: 'sessionRecord', field: 'plan' },
];

async function runOnce(seed: number): Promise<void> {
  const random: Random = rng(seed);
  const world = await createWorld(random);
  const phones: Phone[] = [];
  let salt = 0;
  for (let i = 0; i < PHONES; i++) {
    phones.push(await openPhone(world, `phone${i}`, new IDBFactory(), random.between(-4, 4) * 60_000, ++salt));
  }
  const committed: CommittedText[] = [];
  const signs: SignAttempt[] = [];
  const prints: { receiptId: string; at: string }[] = [];
  let reassigned: string | null = null;

  const recordIdOf = (visitId: string) => sessionRecordIdFor(visitId);
  const targetId = (entity: Editor['entity'], visitId: string) => (entity === 'visit' ? visitId : recordIdOf(visitId));

  async function type(phone: Phone, tab: Tab, step: number, target = random.pick(TEXT_TARGETS), visit = random.pick(world.visits)) {
    const id = targetId(target.entity, visit.id);
    if (target.entity === 'sessionRecord' && (await stored(phone, 'sessionRecord', id))?.fields.signedAt) return;
    const key = `${target.entity}|${id}|${target.field}`;
    const editor = tab.editors.get(key) ?? (await showStored(phone, tab, target.entity, id, target.field));
    if (!editor) return;
    const text = `${editor.text} ${phone.name}.s${step}.${random.between(0, 999_999)}`.trim();
    const hlc = await write(phone, tab, [{ entity: target.entity, id, fields: { [target.field]: text }, base: { [target.field]: editor.seen } }]);
    if (hlc === null) {
      tab.editors.delete(key);
      return;
    }
    committed.push({ phone: phone.name, entity: target.entity, id, field: target.field, text, hlc, editor: editor.name, shown: editor.shown });
    editor.text = text;
    editor.seen = hlc;
  }

  // Everyone starts with the day on the phone, as after sign-in.
  world.setHealthy(true);
  for (const phone of phones) await sync(world, phone);
  world.setHealthy(false);

  for (let step = 0; step < STEPS; step++) {
    world.advance(random.between(0, 180) * 1000);
    const phone = random.pick(phones);
    const tab = random.pick(phone.tabs);
    const action = random.next();
    if (action < 0.3) {
      await type(phone, tab, step);
    } else if (action < 0.35) {
      // Two tabs of one phone type in the same field at the same moment.
      const target = random.pick(TEXT_TARGETS);
      const visit = random.pick(world.visits);
      await Promise.all(phone.tabs.map((each) => type(phone, each, step, target, visit)));
    } else if (action < 0.42) {
      // Fields not being edited show what the phone now holds; the others stay stale.
      for (const editor of [...tab.editors.values()]) if (random.chance(0.5)) await showStored(phone, tab, editor.entity, editor.id, editor.field);
    } else if (action < 0.48) {
      // A status move: mostly the next step the app offers, else a cancellation or no-show, or a
      // stale or illegal move (backward, out of a final status) as an out-of-date phone could send.
      const visit = random.pick(world.visits);
      const local = await stored(phone, 'visit', visit.id);
      if (local) {
        const from = local.fields.status as VisitStatus;
        const roll = random.next();
        const to = roll < 0.55 ? (nextStep(from) ?? random.pick(VISIT_STATUSES)) : roll < 0.7 ? random.pick(STATUSES_NEEDING_REASON) : random.pick(VISIT_STATUSES);
        await write(phone, tab, [{ entity: 'visit', id: visit.id, fields: statusMove(local.fields, to, phoneNow(world, phone), `${phone.name} s${step}`) }]);
      }
    } else if (action < 0.53) {
      const visit = random.pick(world.visits);
      if (!(await stored(phone, 'sessionRecord', recordIdOf(visit.id)))) {
        await write(phone, tab, [{ entity: 'sessionRecord', id: recordIdOf(visit.id), op: 'create', fields: newSessionRecord(world, visit.id, phone) }]);
      }
    } else if (action < 0.56) {
      const visit = random.pick(world.visits);
      const id = recordIdOf(visit.id);
      const record = await stored(phone, 'sessionRecord', id);
      if (record && !record.fields.signedAt) {
        const base: Record<string, string> = {};
        const saw: Record<string, unknown> = {};
        for (const field of SIGNED_CONTENT_FIELDS) {
          const editor = tab.editors.get(`sessionRecord|${id}|${field}`);
          base[field] = editor?.seen ?? record.hlc[field] ?? HLC_ZERO;
          saw[field] = editor ? editor.text : record.fields[field];
        }
        const signedAt = new Date(phoneNow(world, phone)).toISOString();
        if (await write(phone, tab, [{ entity: 'sessionRecord', id, fields: { signedAt, signedBy: world.therapist.name }, base }], true)) {
          signs.push({ recordId: id, signedAt, saw });
        }
      }
    } else if (action < 0.58) {
      const id = recordIdOf(random.pick(world.visits).id);
      if ((await stored(phone, 'sessionRecord', id))?.fields.signedAt) {
        const at = new Date(phoneNow(world, phone)).toISOString();
        const amendmentId = uuidv7();
        await write(phone, tab, [
          { entity: 'amendment', id: amendmentId, op: 'create', fields: { id: amendmentId, recordId: id, clientId: world.client.id, therapistId: world.therapist.id, createdAt: at, reason: 'Oubli', text: `${phone.name} step ${step}` } },
        ]);
      }
    } else if (action < 0.6) {
      const at = new Date(phoneNow(world, phone)).toISOString();
      const intakeId = uuidv7();
      await write(
        phone,
        tab,
        [
          {
            entity: 'intake',
            id: intakeId,
            op: 'create',
            fields: {
              ...blankIntakeAnswers(),
              id: intakeId,
              clientId: world.client.id,
              therapistId: world.therapist.id,
              version: step + 1,
              createdAt: at,
              consent: { textVersion: 'v1', language: 'fr', signedName: 'Client', signedOn: world.visits[0]!.date, signature: 'M 0 0 L 10 10' },
            },
          },
        ],
        true,
      );
    } else if (action < 0.63) {
      // The session ends and the receipt is issued, as at the table.
      const visit = random.pick(world.visits);
      const before = await stored(phone, 'visit', visit.id);
      if (before && before.fields.status !== 'completed') {
        await write(phone, tab, [{ entity: 'visit', id: visit.id, fields: statusMove(before.fields, 'completed', phoneNow(world, phone), '') }]);
      }
      const local = await stored(phone, 'visit', visit.id);
      const receipts = await phone.db.getAllFromIndex('receipt', 'by-visit', visit.id);
      if (local?.fields.status === 'completed' && receipts.length === 0) {
        const receipt = newReceipt(world, visit.id, new Date(phoneNow(world, phone)).toISOString());
        await write(phone, tab, [{ entity: 'receipt', id: receipt.id, op: 'create', fields: { ...receipt } }], true);
      }
    } else if (action < 0.68) {
      const receipts = await phone.db.getAll('receipt');
      const receipt = receipts.length ? random.pick(receipts) : null;
      if (receipt && !receipt.fields.firstPrintedAt) {
        const at = new Date(phoneNow(world, phone)).toISOString();
        if (await write(phone, tab, [{ entity: 'receipt', id: receipt.id, fields: { firstPrintedAt: at } }])) prints.push({ receiptId: receipt.id, at });
      }
    } else if (action < 0.84) {
      await sync(world, phone);
    } else if (action < 0.88) {
      await backgroundPush(world, phone);
    } else if (action < 0.92) {
      // Crash: memory (tabs, editors, typed text not yet committed) is gone; the phone comes back from disk.
      phone.db.close();
      Object.assign(phone, await openPhone(world, phone.name, phone.factory, phone.skewMs, ++salt));
    } else if (action < 0.95) {
      // The phone's clock jumps hours ahead (set by hand), or is set right again.
      phone.skewMs = Math.abs(phone.skewMs) > MAX_CLOCK_DRIFT_MS ? random.between(-4, 4) * 60_000 : random.chance(0.5) ? random.between(1, 3) * 3_600_000 : random.between(-4, 4) * 60_000;
    } else if (action < 0.98) {
      await world.deliverLate(random);
    } else if (!reassigned) {
      reassigned = world.visits[2]!.id;
      await world.reassign(world.visits[2]!);
    }
  }

  // The network heals, late requests land, clocks are right; everyone syncs until nothing waits.
  world.setHealthy(true);
  for (const phone of phones) if (Math.abs(phone.skewMs) > MAX_CLOCK_DRIFT_MS) phone.skewMs = random.between(-4, 4) * 60_000;
  await world.flushLate();
  for (let round = 0; round < 4; round++) for (const phone of phones) await sync(world, phone);

  await check(world, phones, { committed, signs, prints, reassigned });
  for (const phone of phones) phone.db.close();
  await world.close();
}

interface Journal {
  committed: CommittedText[];
  signs: SignAttempt[];
  prints: { receiptId: string; at: string }[];
  reassigned: string | null;
}

/** Refusals the rules call for; anything else (invalid data, a server error) is a bug. */
function refusalExpected(entity: EntityName, code: string, fields: Record<string, unknown>, recordVisit: string | null, journal: Journal): boolean {
  if (recordVisit !== null && recordVisit === journal.reassigned && (code === 'forbidden' || code === 'not_found')) return true;
  // A status move the server's status machine refuses: stale, backward, out of a final status, before the visit's day, or a time not yet come.
  if (entity === 'visit' && code === 'invalid' && 'status' in fields) return true;
  if (entity === 'sessionRecord' && (code === 'read_only' || code === 'stale')) return true;
  // A receipt for a visit the server does not (yet) hold as completed, or a second one; an amendment to a record whose signature was refused.
  if ((entity === 'receipt' || entity === 'amendment') && code === 'invalid') return true;
  // A print of a receipt whose issue was refused: the receipt never reached the server.
  if (entity === 'receipt' && code === 'not_found') return true;
  return false;
}

async function check(world: World, phones: Phone[], journal: Journal): Promise<void> {
  const window = pullWindow(new Date(world.now()));
  const server = await world.store.pullChanges({ therapistId: world.therapist.id, ...window, afterSeq: 0, limit: 100_000 });
  const live = server.records.filter((record): record is Extract<SyncRecord, { deleted: false }> => !record.deleted);
  const byKey = new Map(live.map((record) => [`${record.entity}|${record.id}`, record]));
  const records = (entity: EntityName) => live.filter((record) => record.entity === entity).map((record) => record.data as unknown as Record<string, unknown>);

  for (const phone of phones) {
    if (process.env.FUZZ_DEBUG) console.log('DEBUG outbox', phone.name, new Date(world.now() + phone.skewMs).toISOString(), JSON.stringify((await phone.db.getAll('outbox')).map((e) => [e.mutationId, e.entity, e.op, Object.keys(e.fields).join(','), e.hlc, e.base])));
    expect(await phone.db.count('outbox'), `${phone.name}: nothing waits`).toBe(0);
    for (const refusal of await phone.db.getAll('rejection')) {
      const fields = refusal.fields as Record<string, unknown>;
      const visitId = refusal.entity === 'visit' ? refusal.id : ((fields.visitId as string | undefined) ?? world.visits.find((visit) => sessionRecordIdFor(visit.id) === refusal.id)?.id ?? null);
      expect(refusalExpected(refusal.entity, refusal.code, fields, visitId, journal), `${phone.name}: refusal ${refusal.entity} ${refusal.code}: ${refusal.reason}`).toBe(true);
    }
    // Every record of every entity, field by field with its clock: the same as the server's.
    for (const entity of RECORD_STORES) {
      for (const local of await phone.db.getAll(entity)) {
        const remote = byKey.get(`${entity}|${local.id}`);
        if (!remote) {
          // Known limit (issue 12): a visit moved to another therapist leaves a phone at its next snapshot, not before.
          expect(entity === 'visit' && local.id === journal.reassigned, `${phone.name}: holds ${entity} ${local.id} that the server no longer gives it`).toBe(true);
          continue;
        }
        expect(await plainCodec.open(entity, local.fields, local.id), `${phone.name}: ${entity} ${local.id} data`).toEqual(remote.data);
        expect(local.hlc, `${phone.name}: ${entity} ${local.id} field clocks`).toEqual(remote.hlc);
      }
      for (const remote of live.filter((record) => record.entity === entity)) {
        expect(await phone.db.get(entity, remote.id), `${phone.name}: has ${entity} ${remote.id}`).toBeDefined();
      }
    }
  }

  // One session record per visit, and a signed one holds what its signer saw, never changed after.
  const sessionRecords = records('sessionRecord');
  const perVisit = new Map<string, number>();
  for (const record of sessionRecords) perVisit.set(record.visitId as string, (perVisit.get(record.visitId as string) ?? 0) + 1);
  for (const [visitId, count] of perVisit) expect(count, `one session record for visit ${visitId}`).toBe(1);
  for (const record of sessionRecords) {
    if (!record.signedAt) continue;
    const clocks = byKey.get(`sessionRecord|${record.id}`)!.hlc as Record<string, string>;
    for (const field of SIGNED_CONTENT_FIELDS) expect(clocks[field]! < clocks.signedAt!, `${field} of signed ${record.id} changed after signing`).toBe(true);
    const attempt = journal.signs.find((sign) => sign.recordId === record.id && sign.signedAt === record.signedAt);
    expect(attempt, `the accepted signature of ${record.id} was made on a phone`).toBeDefined();
    for (const field of FREE_TEXT_FIELDS.sessionRecord ?? []) expect(record[field], `signed ${record.id}: ${field} is what the signer saw`).toEqual(attempt!.saw[field]);
  }

  // Receipts: one per visit, numbered 1..n without a gap, first print the earliest recorded.
  const receipts = records('receipt');
  expect(new Set(receipts.map((receipt) => receipt.visitId)).size, 'one receipt per visit').toBe(receipts.length);
  expect(receipts.map((receipt) => receipt.number as number).sort((a, b) => a - b), 'receipt numbers without a gap').toEqual(receipts.map((_, index) => index + 1));
  for (const receipt of receipts) {
    const attempts = journal.prints.filter((print) => print.receiptId === receipt.id).map((print) => print.at).sort();
    if (attempts.length > 0) expect(receipt.firstPrintedAt, `receipt ${receipt.id}: first print is the earliest`).toBe(attempts[0]);
  }

  // Visits and receipts as the server's rules allow them: times only for the statuses a visit
  // reached, nothing that happened on a visit still ahead, receipts the server composed.
  const today = calendarDateIn(new Date(world.now()));
  const flow: readonly string[] = VISIT_FLOW;
  for (const visit of records('visit')) {
    const status = visit.status as VisitStatus;
    if (flow.includes(status)) {
      for (const step of Object.keys(visit.statusTimes as object)) expect(flow.indexOf(step) <= flow.indexOf(status), `visit ${visit.id}: a time for ${step} while ${status}`).toBe(true);
    }
    if ((visit.date as string) > today) expect(['scheduled', 'en_route', 'cancelled'], `visit ${visit.id} ahead of its day`).toContain(status);
  }
  for (const receipt of receipts) {
    const booked = world.visits.find((visit) => visit.id === receipt.visitId)!;
    expect(receipt, `receipt ${receipt.id} composed by the server`).toMatchObject({ therapistName: world.therapist.name, memberNumber: world.therapist.memberNumber, serviceDate: booked.date, durationMin: booked.durationMin, gstCents: 0 });
    expect((receipt.serviceDate as string) <= calendarDateIn(new Date(receipt.issuedAt as string)), `receipt ${receipt.id} issued before the care`).toBe(true);
    const visit = byKey.get(`visit|${booked.id}`);
    if (visit && !visit.deleted) expect((visit.data as { status: string }).status, `receipt ${receipt.id}: its visit is completed`).toBe('completed');
  }

  // Nothing typed is lost.
  const conflicts = records('conflict');
  const conflictKeys = conflicts.map((conflict) => `${conflict.recordId}|${conflict.field}|${conflict.keptHlc}|${conflict.winningHlc}`);
  expect(new Set(conflictKeys).size, 'no mutation applied twice (duplicate conflicts)').toBe(conflictKeys.length);
  const refusedTexts = new Set<string>();
  for (const phone of phones) for (const refusal of await phone.db.getAll('rejection')) for (const value of Object.values(refusal.fields as Record<string, unknown>)) refusedTexts.add(String(value));
  const lastOfEditor = new Map<string, CommittedText>();
  for (const text of journal.committed) lastOfEditor.set(text.editor, text);
  for (const text of lastOfEditor.values()) {
    const final = byKey.get(`${text.entity}|${text.id}`)?.data as Record<string, unknown> | undefined;
    const inConflict = conflicts.some((conflict) => conflict.recordId === text.id && conflict.field === text.field && (conflict.keptValue === text.text || conflict.winningValue === text.text));
    const readByNext = journal.committed.some((other) => other.id === text.id && other.field === text.field && other.shown === text.text);
    const gone = text.entity === 'visit' && text.id === journal.reassigned;
    if (process.env.FUZZ_DEBUG && !(final?.[text.field] === text.text || inConflict || readByNext || refusedTexts.has(text.text) || gone)) {
      console.log('DEBUG lost', JSON.stringify(text), 'final', final?.[text.field], byKey.get(`${text.entity}|${text.id}`)?.hlc);
      console.log('DEBUG chain', JSON.stringify(journal.committed.filter((c) => c.id === text.id && c.field === text.field)));
      console.log('DEBUG conflicts', JSON.stringify(conflicts.filter((c) => c.recordId === text.id)));
    }
    expect(
      final?.[text.field] === text.text || inConflict || readByNext || refusedTexts.has(text.text) || gone,
      `${text.phone}'s "${text.text}" (${text.entity}.${text.field}) is kept: final, in a conflict, in a refusal, or read by whoever typed over it`,
    ).toBe(true);
  }
}

describe('sync convergence: faulty network, crashing phones, skewed clocks, two tabs, stale editors', () => {
  it(`converges in ${ONLY_SEED ?? RUNS} seeded runs`, { timeout: 3_600_000 }, async () => {
    const seeds = ONLY_SEED !== null ? [ONLY_SEED] : Array.from({ length: RUNS }, (_, i) => 1000 + i);
    const started = performance.now();
    for (const seed of seeds) {
      try {
        await runOnce(seed);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`Sync convergence failed for seed ${seed} (replay: FUZZ_SEED=${seed} npx vitest run --project today tests/unit/sync-convergence): ${message}`, { cause: error });
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`sync fuzz: ${seeds.length} runs in ${seconds.toFixed(1)} s, ${(seeds.length / seconds).toFixed(1)} runs/s (seeds ${seeds[0]}–${seeds.at(-1)})`);
  });
});
