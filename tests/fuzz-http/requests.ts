import { MAX_BODY_BYTES } from '../../src/shared/api';
import type { Receipt } from '../../src/shared/domain';
import { createHlcClock, deviceTabNode, formatHlc } from '../../src/shared/hlc';
import { ENTITY_NAMES, PROTOCOL_VERSION, type EntityName } from '../../src/shared/protocol';
import { sessionRecordIdFor } from '../../src/shared/record-ids';
import { aSessionRecord } from '../../src/shared/testing/fixtures';
import { seededRandom } from '../../src/shared/testing/random-day';
import type { FuzzRequest } from './send';

/** The project's seeded generator (mulberry32), with the picks the fuzz makes. */
export function rng(seed: number) {
  const next = seededRandom(seed);
  const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  return {
    next,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    between,
    /** A uuid drawn from the generator, so a replay makes the same one. */
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => between(0, 15).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
  };
}
export type Random = ReturnType<typeof rng>;

/** What the fuzz learned from the server after signing in. */
export interface FuzzContext {
  cookies: { therapist: string; office: string };
  therapistId: string;
  /** The records the therapist pulled, by entity: their ids and data feed the mutations. */
  records: Partial<Record<EntityName, { id: string; data: Record<string, unknown> }[]>>;
  /** Cursors the server handed out. */
  cursors: string[];
  /** Static files the server serves (from the built app), if any. */
  staticPaths: string[];
}

const MIB = 1024 * 1024;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO'];
const API_ROUTES = ['/api/health', '/api/auth/login', '/api/auth/logout', '/api/auth/key-escrow', '/api/me', '/api/config', '/api/sync/push', '/api/sync/pull', '/api/office/overdue'];
const OTHER_PATHS = [
  '/',
  '/index.html',
  '/visits/123',
  '/settings',
  '/api',
  '/api/',
  '/api/sync',
  '/api/sync/push/extra',
  '/api/SYNC/PUSH',
  '/api/auth',
  '/api/clients',
  '/api/%ff%fe',
  '/api/sync/pull?cursor=x',
  '/../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/assets/../../package.json',
  '/assets/%00.js',
  '//api/me',
  '/api/me/',
  '/api/health?x=' + '%'.repeat(20),
  '/sw.js?v=1',
  '/nope.png',
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'application/jsonx',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '',
];

/** Values that break schemas: wrong types, edges, huge, strange text, ids. */
function hostile(r: Random, ctx: FuzzContext): unknown {
  switch (r.between(0, 21)) {
    case 0: return null;
    case 1: return r.chance(0.5);
    case 2: return r.pick([0, -1, 1, 1.5, -0.5, 42, 240, 241]);
    case 3: return r.pick([1e308, -1e308, 2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 2, Number.MAX_SAFE_INTEGER, 1e-300]);
    case 4: return '';
    case 5: return r.pick([' ', 'x', 'oui', 'completed', 'cancelled', 'fr', 'en', 'swedish', 'interac', 'light']);
    case 6: return 'x'.repeat(r.between(100, 30_000));
    case 7: return r.pick(['💆‍♀️ Séance', '\u0000\u0001', '\ud800', '\udfff\ud800', '<script>alert(1)</script>', "'; DROP TABLE visits; --", 'ﬁ\u202e']);
    case 8: return r.pick(['2026-13-45', '2026-11-24', '2026-11-24T25:00:00Z', '9999-12-31T23:59:59.999Z', '0000-01-01T00:00:00Z', '09:00', '24:61']);
    case 9: return [];
    case 10: return r.pick([[1, 2], ['a', {}], ['heart', 'oils'], ['swedish_strokes'], Array.from({ length: 50 }, (_, i) => i)]);
    case 11: return {};
    case 12: return r.pick([{ a: 1 }, { arrived: '2026-11-24T14:00:00Z' }, { lat: 45, lng: -73 }, { en_route: 1 }, { junk: 'x'.repeat(1000) }]);
    case 13: return r.uuid();
    case 14: return anyId(r, ctx);
    case 15: return r.pick(['not-a-uuid', '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-7FFF-BFFF-FFFFFFFFFFFF']);
    case 16: return new Date(Date.now() + r.between(-1e10, 1e10)).toISOString();
    case 17: return r.between(-100, 100);
    // Now and then a change too large for a push (and with a few of them, a body over the limit).
    case 18: return 'y'.repeat(r.chance(0.3) ? r.between(200_000, 1_100_000) : r.between(1000, 5000));
    case 19: return { nested: { deeper: [hostileLeaf(r)] } };
    case 20: return r.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']);
    default: return hostileLeaf(r);
  }
}

function hostileLeaf(r: Random): unknown {
  return r.pick([null, 0, '', 'x', true, [], {}, -1, 'NaN']);
}

function anyId(r: Random, ctx: FuzzContext): string {
  const all = Object.values(ctx.records).flat();
  return all.length > 0 ? r.pick(all).id : r.uuid();
}

function idsOf(ctx: FuzzContext, entity: EntityName): string[] {
  return (ctx.records[entity] ?? []).map((record) => record.id);
}

/** A whole record of `entity` that could pass its schema, from what was pulled or built from a visit. */
function template(r: Random, ctx: FuzzContext, entity: EntityName): Record<string, unknown> {
  const pulled = ctx.records[entity];
  if (pulled && pulled.length > 0) return structuredClone(r.pick(pulled).data);
  const visits = ctx.records.visit ?? [];
  const visit = (visits.length > 0 ? r.pick(visits).data : { id: r.uuid(), clientId: r.uuid(), therapistId: ctx.therapistId, date: '2026-11-24' }) as {
    id: string;
    clientId: string;
    therapistId: string;
    date: string;
  };
  const now = new Date().toISOString();
  switch (entity) {
    case 'sessionRecord':
      return { ...aSessionRecord(visit), createdAt: now };
    case 'receipt': {
      const receipt: Receipt = {
        id: r.uuid(),
        visitId: visit.id,
        clientId: visit.clientId,
        therapistId: ctx.therapistId,
        number: null,
        issuedAt: now,
        language: 'fr',
        recipientName: '',
        therapistName: 'Fuzz',
        association: 'Association',
        memberNumber: 'F-1',
        clientName: 'Client',
        serviceDate: visit.date,
        startTime: '09:00',
        durationMin: 60,
        service: 'swedish',
        careAddress: '1 rue Test',
        amountCents: 9500,
        gstCents: 0,
        qstCents: 0,
        gstNumber: '',
        qstNumber: '',
        paymentMethod: 'interac',
        signature: 'Fuzz',
        firstPrintedAt: null,
      };
      return receipt as unknown as Record<string, unknown>;
    }
    case 'amendment':
      return { id: r.uuid(), recordId: sessionRecordIdFor(visit.id), clientId: visit.clientId, therapistId: ctx.therapistId, createdAt: now, reason: 'Typo', text: 'Corrected' };
    case 'conflict':
      return { id: r.uuid(), therapistId: ctx.therapistId, entity: 'visit', recordId: visit.id, field: 'therapistNote', keptValue: 'a', keptHlc: 'x', winningValue: 'b', winningHlc: 'y', createdAt: now, resolved: false };
    default:
      return { id: r.uuid(), clientId: visit.clientId, therapistId: ctx.therapistId };
  }
}

const FIELD_NAMES_EXTRA = ['junk', 'id', 'therapistId', 'clientId', 'visitId', 'officeNotes', 'status', 'statusTimes', 'signedAt', 'number', 'firstPrintedAt', '', ' ', 'x'.repeat(300)];
const devices = new Map<string, ReturnType<typeof createHlcClock>>();

function clockOf(deviceId: string) {
  let clock = devices.get(deviceId);
  if (!clock) devices.set(deviceId, (clock = createHlcClock(deviceTabNode(deviceId, 1))));
  return clock;
}

/** One change for some entity, plausible or hostile in every part. */
function mutation(r: Random, ctx: FuzzContext, deviceId: string, mutationId: number): Record<string, unknown> {
  const entity = r.chance(0.93) ? r.pick(ENTITY_NAMES) : r.pick(['', 'visits', 'Visit', 'office']);
  const known = ENTITY_NAMES.includes(entity as EntityName) ? (entity as EntityName) : 'visit';
  const record = template(r, ctx, known);
  const idRoll = r.next();
  const sameIds = idsOf(ctx, known);
  const id =
    idRoll < 0.35 && sameIds.length > 0
      ? r.pick(sameIds)
      : idRoll < 0.55
        ? anyId(r, ctx)
        : idRoll < 0.65 && (ctx.records.visit ?? []).length > 0
          ? sessionRecordIdFor(r.pick(ctx.records.visit!).id)
          : idRoll < 0.9
            ? r.uuid()
            : hostile(r, ctx);
  const op = r.chance(0.92) ? r.pick(['create', 'update']) : r.pick(['delete', '', 'CREATE', 1, null]);

  let fields: unknown;
  if (r.chance(0.05)) {
    fields = hostile(r, ctx);
  } else if (op === 'create') {
    const whole: Record<string, unknown> = { ...record, id };
    for (let i = r.between(0, 3); i > 0; i--) {
      const names = Object.keys(whole);
      const name = r.chance(0.85) && names.length > 0 ? r.pick(names) : r.pick(FIELD_NAMES_EXTRA);
      if (r.chance(0.2)) delete whole[name];
      else whole[name] = hostile(r, ctx);
    }
    fields = whole;
  } else {
    const changed: Record<string, unknown> = {};
    const names = Object.keys(record);
    for (let i = r.between(r.chance(0.05) ? 0 : 1, 4); i > 0; i--) {
      const name = r.chance(0.85) && names.length > 0 ? r.pick(names) : r.pick(FIELD_NAMES_EXTRA);
      // Half plausible (the value another record has), half hostile.
      changed[name] = r.chance(0.5) ? template(r, ctx, known)[name] : hostile(r, ctx);
    }
    fields = changed;
  }
  const clock = clockOf(deviceId);
  const hlcRoll = r.next();
  const hlc =
    hlcRoll < 0.85
      ? clock.tick()
      : hlcRoll < 0.9
        ? formatHlc({ millis: Date.now() + r.between(-1e9, 1e9), counter: r.between(0, 65535), node: '0123456789abcdef' })
        : hostile(r, ctx);
  const base =
    r.chance(0.7) ? {} : r.chance(0.7) && fields && typeof fields === 'object' ? Object.fromEntries(Object.keys(fields).map((name) => [name, r.chance(0.5) ? clock.tick() : hostile(r, ctx)])) : hostile(r, ctx);
  const change: Record<string, unknown> = {
    mutationId: r.chance(0.9) ? mutationId : r.pick<unknown>([0, -1, 1.5, 2 ** 53, 1e19, '1', null, mutationId]),
    entity,
    id,
    op,
    fields,
    hlc,
    base,
  };
  if (r.chance(0.05)) delete change[r.pick(Object.keys(change))];
  if (r.chance(0.03)) change[r.pick(FIELD_NAMES_EXTRA)] = hostile(r, ctx);
  return change;
}

function pickCookie(r: Random, ctx: FuzzContext, therapistShare = 0.75): string | null {
  const roll = r.next();
  if (roll < therapistShare) return ctx.cookies.therapist;
  if (roll < therapistShare + 0.08) return ctx.cookies.office;
  if (roll < therapistShare + 0.16) return null;
  return r.pick(['session=', 'session=forged-token', `session=${'a'.repeat(5000)}`, 'session=%ff%00', 'other=1; session=x; session=y', '=']);
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value) ?? 'null');
}

/** Replaces marker strings in JSON text with what JSON.stringify cannot write (huge numbers, prototype keys). */
function withRaw(text: string, replacements: [string, string][]): Buffer {
  let out = text;
  for (const [marker, raw] of replacements) out = out.split(`"${marker}"`).join(raw);
  return Buffer.from(out);
}

function post(kind: string, path: string, body: Buffer, cookie: string | null, contentType = 'application/json'): FuzzRequest {
  const headers: [string, string][] = [];
  if (contentType) headers.push(['Content-Type', contentType]);
  if (cookie) headers.push(['Cookie', cookie]);
  // Over the limit, the server answers 413 unread and closes: the client may see the reset first.
  return { kind, method: 'POST', path, headers, body, delivery: 'whole', mayClose: body.length > MAX_BODY_BYTES };
}

function pushBody(r: Random, ctx: FuzzContext, count: number): Record<string, unknown> {
  const deviceId = r.chance(0.95) ? r.pick(DEVICE_IDS) : String(hostile(r, ctx));
  const first = r.between(1, 1_000_000);
  return {
    protocolVersion: r.chance(0.9) ? PROTOCOL_VERSION : r.pick([1, 0, 3, -1, 2.5, '2', null, 2 ** 53]),
    deviceId,
    deviceTime: r.chance(0.9) ? Date.now() : r.pick<unknown>([0, -1, Date.now() + 3_600_000, Date.now() - 86_400_000, 1e308, '2026-11-24', null, 1.5]),
    mutations: Array.from({ length: count }, (_, i) => mutation(r, ctx, deviceId, first + i)),
  };
}

/** A handful of devices, so mutation ids repeat and resends happen. */
const DEVICE_IDS = Array.from({ length: 6 }, (_, i) => `0190a000-0000-7000-8000-00000000000${i}`);

type Generator = (r: Random, ctx: FuzzContext) => FuzzRequest;

/** Each kind of malformed request, with its share of the run. */
const GENERATORS: [number, string, Generator][] = [
  [14, 'route-method', (r, ctx) => {
    const path = r.chance(0.6) ? r.pick(API_ROUTES) : r.chance(0.5) && ctx.staticPaths.length > 0 ? r.pick(ctx.staticPaths) : r.pick(OTHER_PATHS);
    const method = r.pick(METHODS);
    const headers: [string, string][] = [];
    const type = r.pick(CONTENT_TYPES);
    if (type) headers.push(['Content-Type', type]);
    // Never signs the fuzz's own sessions out: it signs in once and keeps them.
    const cookie = path === '/api/auth/logout' ? r.pick([null, 'session=forged']) : pickCookie(r, ctx);
    if (cookie) headers.push(['Cookie', cookie]);
    if (r.chance(0.3)) headers.push(['Accept-Encoding', r.pick(['gzip', 'br', 'gzip, br', 'identity', '*', 'x'.repeat(100)])]);
    if (r.chance(0.1)) headers.push(['If-None-Match', r.pick(['"x"', '*', 'W/"abc"'])]);
    const body = method === 'GET' || method === 'HEAD' ? (r.chance(0.1) ? Buffer.from('{"a":1}') : undefined) : r.chance(0.7) ? json({ protocolVersion: PROTOCOL_VERSION, email: 'a@b.c', password: 'x' }) : Buffer.from(r.pick(['', 'null', '[]', '{', 'email=a&password=b', '\u0000']));
    return { kind: 'route-method', method, path, headers, body, delivery: 'whole' };
  }],
  [8, 'login', (r, ctx) => {
    const email = r.chance(0.3) ? r.pick(['fuzz-therapist@example.com', 'FUZZ-THERAPIST@example.com ', 'nobody@example.com']) : hostile(r, ctx);
    const password = r.chance(0.5) ? r.pick(['wrong', '', 'x'.repeat(1025), 'x'.repeat(1024)]) : hostile(r, ctx);
    const body: Record<string, unknown> = { email, password };
    if (r.chance(0.2)) delete body[r.pick(['email', 'password'])];
    if (r.chance(0.1)) body.extra = hostile(r, ctx);
    const value = r.chance(0.1) ? hostile(r, ctx) : body;
    return post('login', '/api/auth/login', json(value), r.chance(0.8) ? null : pickCookie(r, ctx));
  }],
  [2, 'logout', (r, ctx) => {
    // Never with the fuzz's own sessions: it signs in once and keeps them.
    const cookie = r.pick([null, 'session=forged', 'session=', `session=${'b'.repeat(64)}`]);
    return post('logout', '/api/auth/logout', r.chance(0.5) ? Buffer.alloc(0) : json(hostile(r, ctx)), cookie, r.pick(CONTENT_TYPES));
  }],
  [9, 'pull', (r, ctx) => {
    const body: Record<string, unknown> = { protocolVersion: r.chance(0.8) ? PROTOCOL_VERSION : r.pick([1, 0, 3, 2.5, '2', null, 2 ** 53, 1e19]) };
    const cursorRoll = r.next();
    if (cursorRoll < 0.3 && ctx.cursors.length > 0) body.cursor = r.pick(ctx.cursors);
    else if (cursorRoll < 0.7)
      body.cursor = r.pick<unknown>([
        null,
        '',
        'c1.0.2026-01-01.2026-01-15',
        'c1.999999999999999.2026-11-23.2026-12-08',
        'c1.-1.x.y',
        'c2.1.2026-11-23.2026-12-08',
        'c1.9007199254740993.2026-11-23.2026-12-08',
        'x'.repeat(200),
        'x'.repeat(201),
        hostile(r, ctx),
      ]);
    if (r.chance(0.4)) body.limit = r.pick<unknown>([1, 0, -1, 5000, 5001, 1.5, 1e19, '10', null, hostile(r, ctx)]);
    if (r.chance(0.1)) body.extra = hostile(r, ctx);
    return post('pull', '/api/sync/pull', json(r.chance(0.05) ? hostile(r, ctx) : body), pickCookie(r, ctx));
  }],
  [9, 'push-envelope', (r, ctx) => {
    const body = pushBody(r, ctx, r.between(0, 3));
    const field = r.pick(['protocolVersion', 'deviceId', 'deviceTime', 'mutations']);
    body[field] = r.chance(0.8) ? hostile(r, ctx) : undefined;
    if (r.chance(0.2)) body.mutations = r.pick<unknown>([Array.from({ length: 1001 }, (_, i) => ({ mutationId: i + 1 })), [1, 2], [null], ['x'], [[]], [{}]]);
    return post('push-envelope', '/api/sync/push', json(r.chance(0.05) ? hostile(r, ctx) : body), pickCookie(r, ctx));
  }],
  [32, 'push-mutations', (r, ctx) => {
    const count = r.chance(0.05) ? r.between(100, 400) : r.between(1, 20);
    return post('push-mutations', '/api/sync/push', json(pushBody(r, ctx, count)), pickCookie(r, ctx, 0.9));
  }],
  [9, 'json-syntax', (r, ctx) => {
    const path = r.pick(['/api/sync/push', '/api/sync/pull', '/api/auth/login']);
    const valid = JSON.stringify(path === '/api/sync/push' ? pushBody(r, ctx, r.between(1, 3)) : path === '/api/sync/pull' ? { protocolVersion: PROTOCOL_VERSION } : { email: 'a@example.com', password: 'x' });
    let body: Buffer;
    switch (r.between(0, 9)) {
      case 0: body = Buffer.from(valid.slice(0, r.between(0, valid.length - 1))); break;
      case 1: body = Buffer.concat([Buffer.from(valid.slice(0, 10)), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(valid.slice(10))]); break;
      case 2: body = Buffer.from('\ufeff' + valid); break;
      case 3: body = Buffer.from(valid + r.pick(['x', '}', ',', '\u0000', ' // comment'])); break;
      case 4: body = Buffer.from(r.pick(['{"a":NaN}', "{'a':1}", '{"a":1,}', '[1,]', '{"a":01}', '{"a":.5}', '{"a":"\\x"}', '{"a":"\u0001"}', 'undefined', '{a:1}'])); break;
      case 5: {
        const depth = r.pick([29, 30, 31, 32, 100, 5000, 500_000]);
        const [open, close] = r.pick([['[', ']'], ['{"a":', '}']] as const);
        body = Buffer.from(valid.replace(/^\{/, `{"deep":${open.repeat(depth)}1${close.repeat(depth)},`));
        break;
      }
      case 6: {
        const number = r.pick(['1e309', '-1e309', '123456789012345678901234567890', '9007199254740993', '-0', '1e-400', '0.1e999999']);
        body = withRaw(valid.replace(/"protocolVersion":\d+/, '"protocolVersion":"__NUM__"').replace(/"mutationId":\d+/, '"mutationId":"__NUM__"'), [['__NUM__', number]]);
        break;
      }
      case 7: {
        // A prototype key somewhere in an otherwise valid body.
        const key = r.pick(['__proto__', 'constructor', 'prototype', '\\u005f_proto__']);
        const spots = [...valid.matchAll(/\{/g)].map((match) => match.index!);
        const at = r.pick(spots) + 1;
        body = Buffer.from(`${valid.slice(0, at)}"${key}":${r.pick(['{"polluted":true}', '"x"', '1', '{}', `"${'z'.repeat(100_000)}"`])}${valid[at] === '}' ? '' : ','}${valid.slice(at)}`);
        break;
      }
      case 8: body = Buffer.from(r.pick(['', ' ', 'null', 'true', '1', '"str"', '[]', '{}'])); break;
      default: body = Buffer.from(valid.replace(/"/g, r.pick(["'", '`', '"'])));
    }
    return post('json-syntax', path, body, pickCookie(r, ctx), r.chance(0.9) ? 'application/json' : r.pick(CONTENT_TYPES));
  }],
  [4, 'size', (r, ctx) => {
    const path = r.pick(['/api/sync/push', '/api/sync/pull', '/api/auth/login', '/api/me', '/api/nope', '/']);
    const cookie = pickCookie(r, ctx);
    const headers: [string, string][] = [['Content-Type', 'application/json']];
    if (cookie) headers.push(['Cookie', cookie]);
    const size = r.pick([2 * MIB - 10, 2 * MIB + 1, 3 * MIB, 8 * MIB]);
    const body = Buffer.from(`{"protocolVersion":2,"pad":"${'p'.repeat(size)}"}`);
    switch (r.between(0, 3)) {
      case 0: return { kind: 'size-whole', method: 'POST', path, headers, body, delivery: 'whole', mayClose: true };
      case 1: return { kind: 'size-chunked', method: 'POST', path, headers, body, delivery: 'chunked', mayClose: true };
      case 2: return { kind: 'size-declared', method: 'POST', path, headers: [...headers, ['Content-Length', String(r.pick([2 * MIB + 1, 500 * MIB, 2 ** 53]))]], body: Buffer.from('{}'), delivery: 'whole', mayClose: true };
      default: return { kind: 'size-mismatch', method: 'POST', path, headers: [...headers, ['Content-Length', String(r.pick([0, 1, 5, 100]))]], body: json({ protocolVersion: 2 }), delivery: 'whole', mayClose: true };
    }
  }],
  [0.4, 'slow', (r, ctx) => {
    if (r.chance(0.5)) {
      const text = `POST /api/sync/pull HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nCookie: ${ctx.cookies.therapist}\r\nX-Pad: ${'a'.repeat(300)}\r\n\r\n`;
      return { kind: 'slow-headers', method: '', path: '', headers: [], body: Buffer.from(text), delivery: 'slow-raw', mayClose: true };
    }
    const body = json({ protocolVersion: PROTOCOL_VERSION, pad: 'x'.repeat(300) });
    return { kind: 'slow-body', method: 'POST', path: r.pick(['/api/sync/pull', '/api/auth/login', '/api/sync/push']), headers: [['Content-Type', 'application/json'], ['Cookie', ctx.cookies.therapist]], body, delivery: 'slow', mayClose: true };
  }],
  [5, 'protocol', (r, ctx) => {
    const raw = r.pick([
      'GARBAGE\r\n\r\n',
      'GET\r\n\r\n',
      'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
      'GET / HTTP/1.0\r\n\r\n',
      'GET http://evil.example/api/me HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /api/health HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n',
      'GET /api/health HTTP/1.1\r\nHost: x\r\nX: \u0000\r\n\r\n',
      `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(20_000)}\r\n\r\n`,
      `GET /${'p'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      'POST /api/sync/pull HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}',
      'POST /api/sync/pull HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
      'POST /api/sync/pull HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
      'POST /api/sync/pull HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      'POST /api/sync/pull HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
      `POST /api/sync/pull HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nCookie: ${ctx.cookies.therapist}\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffff\r\n{}`,
      'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
      'CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /api/health HTTP/1.1\r\n\r\n',
      'get /api/health HTTP/1.1\r\nHost: x\r\n\r\n',
      `GET /api/me HTTP/1.1\r\nHost: x\r\nCookie: ${'c=1; '.repeat(3000)}\r\n\r\n`,
      '\r\n\r\n\r\n',
      '',
    ]);
    return { kind: 'protocol', method: '', path: '', headers: [], body: Buffer.from(raw, 'latin1'), delivery: 'raw', mayClose: true };
  }],
  [4, 'office', (r, ctx) => {
    const margin = r.pick(['', '?margin=15', '?margin=-1', '?margin=241', '?margin=1.5', '?margin=abc', '?margin=1e19', '?margin=', '?margin=15&margin=16', `?margin=${'9'.repeat(400)}`]);
    const headers: [string, string][] = [];
    const cookie = pickCookie(r, ctx, 0.2);
    if (cookie) headers.push(['Cookie', r.chance(0.6) ? ctx.cookies.office : cookie]);
    return { kind: 'office', method: r.chance(0.85) ? 'GET' : r.pick(METHODS), path: `/api/office/overdue${margin}`, headers, delivery: 'whole' };
  }],
  [3, 'static', (r, ctx) => {
    const path = ctx.staticPaths.length > 0 && r.chance(0.6) ? r.pick(ctx.staticPaths) + r.pick(['', '?x=1', '/', '%00', '.map']) : r.pick(OTHER_PATHS);
    const headers: [string, string][] = [];
    if (r.chance(0.5)) headers.push(['Accept-Encoding', r.pick(['br', 'gzip', 'deflate', '', 'br;q=0'])]);
    if (r.chance(0.3)) headers.push(['If-None-Match', r.pick(['"abc"', '*', ''])]);
    if (r.chance(0.2)) headers.push(['Range', r.pick(['bytes=0-10', 'bytes=-1', 'bytes=999999999-'])]);
    return { kind: 'static', method: r.pick(['GET', 'HEAD', 'GET', 'POST', 'OPTIONS']), path, headers, delivery: 'whole' };
  }],
];

const TOTAL_WEIGHT = GENERATORS.reduce((sum, [weight]) => sum + weight, 0);

/**
 * Request number `index` of the run seeded `seed`: drawn from a generator of
 * its own, so that one request can be replayed without the ones before it.
 */
export function fuzzRequest(seed: number, index: number, ctx: FuzzContext): FuzzRequest {
  const r = rng((Math.imul(seed, 0x9e3779b1) ^ index) >>> 0);
  let roll = r.next() * TOTAL_WEIGHT;
  const [, , generate] = GENERATORS.find(([weight]) => (roll -= weight) < 0) ?? GENERATORS[0]!;
  const request = generate(r, ctx);
  return verifiesPassword(request) ? { ...request, kind: `${request.kind} (verify)`, deadlineMs: 10_000 } : request;
}

/**
 * A well-formed sign-in costs a password hash (scrypt: ~0.3 s alone, by
 * design; seconds when several run on a loaded machine), until the throttle
 * refuses that email and address: such a request gets a longer deadline.
 */
function verifiesPassword(request: FuzzRequest): boolean {
  if (request.method !== 'POST' || !request.body) return false;
  if (request.path !== '/api/auth/login' && request.path !== '/api/auth/key-escrow') return false;
  try {
    const body = JSON.parse(request.body.toString('utf8').replace(/^\uFEFF/, '')) as { email?: unknown; password?: unknown };
    if (request.path === '/api/auth/key-escrow') return typeof body.password === 'string' && body.password.length > 0;
    return typeof body.email === 'string' && body.email.includes('@') && typeof body.password === 'string' && body.password.length > 0;
  } catch {
    return false;
  }
}
