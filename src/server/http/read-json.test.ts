import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../shared/api';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { startOneVisitDay, type OneVisitDay } from '../testing/one-visit-day';
import { testDevice } from '../testing/sync-device';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-shape';

/** Bodies that parse as JSON yet must not reach a route: each gets a 4xx that says why. */
let day: OneVisitDay;

beforeAll(async () => {
  day = await startOneVisitDay();
});
afterAll(() => day.server.close());

async function send(path: string, body: string | ReadableStream<Uint8Array>, cookie = day.cookie) {
  const response = await fetch(`${day.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body,
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);
  return { status: response.status, body: (await response.json()) as { error?: string; message?: string; results?: unknown[] } };
}

/** A push envelope around `mutations`, written as raw text so it can hold what JSON.stringify cannot. */
function pushText(mutations: string): string {
  return `{"protocolVersion":${PROTOCOL_VERSION},"deviceId":"${testDevice().deviceId}","deviceTime":${Date.now()},"mutations":${mutations}}`;
}

describe('nesting', () => {
  it('a body nested a million deep is 400 before it is parsed', async () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    const { status, body } = await send('/api/sync/push', pushText(`[{"mutationId":1,"fields":${deep}}]`));
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'bad_json', message: `The body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels.` });
  });

  it('counts brackets in structure only, never inside strings', () => {
    expect(nestsDeeperThan(`{"note":"${'[{'.repeat(100)}\\"${'['.repeat(100)}"}`, 2)).toBe(false);
    expect(nestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(nestsDeeperThan('[[[[]]]]', 3)).toBe(true);
    // An escaped backslash does not escape the quote after it: the string ends there.
    expect(nestsDeeperThan(String.raw`{"a":"x\\","b":[[[]]]}`, 3)).toBe(true);
    expect(nestsDeeperThan(String.raw`{"a":"x\\\"[[[[","b":[]}`, 3)).toBe(false);
  });

  it('a note full of brackets is an ordinary note', async () => {
    const phone = testDevice();
    const note = '[[[[{{{{'.repeat(100);
    const mutation = phone.change('visit', day.visit.id, 'update', { therapistNote: note });
    const { status, body } = await send('/api/sync/push', pushText(JSON.stringify([mutation])));
    expect(status).toBe(200);
    expect(body.results).toEqual([{ mutationId: mutation.mutationId, status: 'applied' }]);
  });
});

describe('keys that reach a prototype', () => {
  it.each([
    ['__proto__ in sign-in', '/api/auth/login', '{"email":"camille@example.com","password":"x","__proto__":{"admin":true}}', '__proto__'],
    ['constructor in a pull', '/api/sync/pull', `{"protocolVersion":${PROTOCOL_VERSION},"constructor":{"prototype":{}}}`, 'constructor'],
    [
      'an escaped __proto__ deep in a change',
      '/api/sync/push',
      pushText('[{"mutationId":1,"entity":"visit","fields":{"statusTimes":{"\\u005f_proto__":"x"}}}]'),
      'mutations.0.fields.statusTimes.__proto__',
    ],
    ['prototype in an array', '/api/sync/push', pushText('[{"mutationId":1,"base":[{"prototype":1}]}]'), 'mutations.0.base.0.prototype'],
  ])('%s is 400 and names where', async (_name, path, text, where) => {
    const { status, body } = await send(path, text);
    expect(status).toBe(400);
    expect(body.error).toBe('bad_json');
    expect(body.message).toContain(`(${where})`);
  });
});

describe('numbers', () => {
  it.each([
    ['a mutation id beyond 2^53', pushText('[{"mutationId":1e19}]'), 'mutations.0.mutationId'],
    ['a protocol version beyond 2^53', `{"protocolVersion":9007199254740993}`, 'protocolVersion'],
  ])('%s is 422 (SQLite cannot store it as an integer)', async (_name, text, path) => {
    const target = text.includes('mutations') ? '/api/sync/push' : '/api/sync/pull';
    const response = await fetch(`${day.server.url}${target}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: day.cookie }, body: text });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { issues: { path: string }[] };
    expect(body.issues.map((issue) => issue.path)).toContain(path);
  });
});

describe('chunked bodies', () => {
  function chunked(text: string, pieces: number): ReadableStream<Uint8Array> {
    const bytes = new TextEncoder().encode(text);
    const size = Math.ceil(bytes.length / pieces);
    let at = 0;
    return new ReadableStream({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(at, (at += size)));
      },
    });
  }

  it('under the limit are read whole', async () => {
    const { status, body } = await send('/api/sync/pull', chunked(JSON.stringify({ protocolVersion: PROTOCOL_VERSION }), 5));
    expect(status).toBe(200);
    expect(body).toMatchObject({ reset: true });
  });

  it('over the limit are 413, even before the session is known', async () => {
    const huge = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(MAX_BODY_BYTES) });
    const { status, body } = await send('/api/auth/login', chunked(huge, 40), '');
    expect(status).toBe(413);
    expect(body.error).toBe('payload_too_large');
  });

  it('over the limit close the connection, which no longer carries a request, and say so', async () => {
    const huge = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(MAX_BODY_BYTES) });
    for (const body of [huge, chunked(huge, 40)]) {
      const response = await fetch(`${day.server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        ...(typeof body === 'string' ? {} : { duplex: 'half' }),
      } as RequestInit);
      expect(response.status).toBe(413);
      expect(response.headers.get('connection')).toBe('close');
      // The next request, on whatever connection the client picks, is served.
      expect((await fetch(`${day.server.url}/api/health`)).status).toBe(200);
    }
  });
});
