/**
 * `npm run fuzz:http`: thousands of malformed requests against the real
 * server, to prove that every one gets a clear answer below 500, in time,
 * and that the server survives them all.
 *
 * The built server (dist/server/main.js) runs in a process of its own on a
 * free loopback port with a fresh data folder and short time limits. The fuzz
 * signs in as the demo therapist and the office, pulls the day to learn real
 * ids, then sends seeded requests to every route (see requests.ts) from a few
 * connections at once. It fails, printing the request so it can be replayed,
 * on any 5xx, any push refusal `server_error` (a 500 in disguise), any
 * request left unanswered for 2 s (10 s for a well-formed sign-in, which
 * hashes a password by design), a connection dropped without an answer
 * where one was due, anything the server logs as unexpected, or the server
 * exiting. At the end it prints the count of each status.
 *
 * Options (or env): --requests N (FUZZ_HTTP_REQUESTS, default 10000),
 * --seed S (FUZZ_HTTP_SEED, default 1), --only I (FUZZ_HTTP_ONLY: send
 * request I alone, to replay it), --concurrency C (FUZZ_HTTP_CONCURRENCY, 4),
 * --max-seconds T (FUZZ_HTTP_MAX_SECONDS, 900); FUZZ_HTTP_SERVER names
 * another server bundle (an older build, to see what the fuzz finds in it).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { PROTOCOL_VERSION, type EntityName, type PullResponse, type PushResponse } from '../../src/shared/protocol';
import { DEMO, OFFICE, startFuzzServer, type FuzzServer } from './fuzz-server';
import { fuzzRequest, type FuzzContext } from './requests';
import { describeRequest, send, type FuzzRequest, type Outcome } from './send';

const DEADLINE_MS = 2000;

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string' },
    seed: { type: 'string' },
    only: { type: 'string' },
    concurrency: { type: 'string' },
    'max-seconds': { type: 'string' },
  },
});
const option = (name: keyof typeof args, env: string, fallback: number) => {
  const value = Number(args[name] ?? process.env[env] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} (${env}) must be a whole number`);
  return value;
};
const REQUESTS = option('requests', 'FUZZ_HTTP_REQUESTS', 10_000);
const SEED = option('seed', 'FUZZ_HTTP_SEED', 1);
const ONLY = args.only ?? process.env.FUZZ_HTTP_ONLY;
const CONCURRENCY = option('concurrency', 'FUZZ_HTTP_CONCURRENCY', 4);
const MAX_SECONDS = option('max-seconds', 'FUZZ_HTTP_MAX_SECONDS', 900);

interface Failure {
  index: number;
  request: FuzzRequest;
  outcome: Outcome;
  why: string;
}

async function signIn(port: number, account: { email: string; password: string }): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (!response.ok) throw new Error(`sign-in as ${account.email} failed: ${response.status} ${await response.text()}`);
  return response.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** What the therapist holds, and cursors, to aim the requests at real records. */
async function learn(server: FuzzServer): Promise<FuzzContext> {
  const therapist = await signIn(server.port, DEMO);
  const office = await signIn(server.port, OFFICE);
  const response = await fetch(`http://127.0.0.1:${server.port}/api/sync/pull`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: therapist },
    body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION }),
  });
  const page = (await response.json()) as PullResponse;
  const records: FuzzContext['records'] = {};
  let therapistId = '';
  for (const record of page.records) {
    if (record.deleted) continue;
    (records[record.entity as EntityName] ??= []).push({ id: record.id, data: record.data as unknown as Record<string, unknown> });
    if (record.entity === 'therapist') therapistId = record.id;
  }
  return { cookies: { therapist, office }, therapistId, records, cursors: [page.cursor], staticPaths: staticPaths() };
}

/** A few of the files the built app serves, if it was built. */
function staticPaths(): string[] {
  const root = join('dist', 'client');
  try {
    const files = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => '/' + relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
    return files.slice(0, 30);
  } catch {
    return [];
  }
}

/** Why this outcome is a server bug, or null when it is a fair answer. */
function judge(request: FuzzRequest, outcome: Outcome): string | null {
  if (outcome.status === 'hang') return `no answer within ${request.deadlineMs ?? DEADLINE_MS} ms`;
  if (outcome.status === 'closed') return request.mayClose ? null : 'the connection closed without an answer';
  if (outcome.status >= 500) return `answered ${outcome.status}: ${outcome.body.slice(0, 500)}`;
  if (outcome.status === 200 && request.path === '/api/sync/push' && request.method === 'POST') {
    let answer: PushResponse;
    try {
      answer = JSON.parse(outcome.body) as PushResponse;
    } catch {
      return `a push answered 200 with a body that is not JSON: ${outcome.body.slice(0, 200)}`;
    }
    const broken = answer.results.find((result) => result.status === 'rejected' && result.code === 'server_error');
    if (broken) return `a change was refused server_error (the server failed on it): ${JSON.stringify(broken)}`;
    // The server reads UTF-8 as TextDecoder does, a byte order mark skipped.
    const sent = (JSON.parse(request.body!.toString().replace(/^\uFEFF/, '')) as { mutations: unknown[] }).mutations.length;
    if (answer.results.length !== sent) return `a push of ${sent} changes got ${answer.results.length} results`;
  }
  return null;
}

function bump(counts: Map<string, number>, key: string) {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function table(counts: Map<string, number>): string {
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([key, count]) => `  ${key.padEnd(22)} ${String(count).padStart(6)}`)
    .join('\n');
}

async function main(): Promise<number> {
  const server = await startFuzzServer(process.env.FUZZ_HTTP_SERVER);
  const started = performance.now();
  const statuses = new Map<string, number>();
  const kinds = new Map<string, number>();
  const pushResults = new Map<string, number>();
  const failures: Failure[] = [];
  let sent = 0;
  let overTime = false;
  try {
    const ctx = await learn(server);
    const indexes = ONLY !== undefined ? [Number(ONLY)] : Array.from({ length: REQUESTS }, (_, i) => i);
    let next = 0;
    const worker = async () => {
      while (next < indexes.length && failures.length === 0) {
        if (performance.now() - started > MAX_SECONDS * 1000) {
          overTime = true;
          return;
        }
        const index = indexes[next++]!;
        const request = fuzzRequest(SEED, index, ctx);
        const outcome = await send(server.port, request, request.deadlineMs ?? DEADLINE_MS);
        sent++;
        bump(statuses, String(outcome.status));
        bump(kinds, `${request.kind} ${typeof outcome.status === 'number' ? Math.floor(outcome.status / 100) + 'xx' : outcome.status}`);
        if (outcome.status === 200 && request.path === '/api/sync/push') {
          try {
            for (const result of (JSON.parse(outcome.body) as PushResponse).results) bump(pushResults, result.status === 'applied' ? 'applied' : `rejected ${result.code}`);
          } catch {
            // judge() reports it
          }
        }
        const why = judge(request, outcome) ?? (server.exited() ? server.exited() : null) ?? (server.errors.length > 0 ? `the server logged an unexpected error:\n${server.errors.join('')}` : null);
        if (why) failures.push({ index, request, outcome, why });
      }
    };
    await Promise.all(Array.from({ length: ONLY !== undefined ? 1 : CONCURRENCY }, worker));
    // A last request: the server is still up and answering.
    if (failures.length === 0) {
      const health = await send(server.port, { kind: 'health', method: 'GET', path: '/api/health', headers: [], delivery: 'whole' }, DEADLINE_MS);
      if (health.status !== 200) failures.push({ index: -1, request: { kind: 'health', method: 'GET', path: '/api/health', headers: [], delivery: 'whole' }, outcome: health, why: 'the server no longer answers /api/health' });
    }
  } finally {
    await server.stop();
  }

  const seconds = (performance.now() - started) / 1000;
  console.log(`\nfuzz:http seed ${SEED}: ${sent} requests in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)}/s), ${CONCURRENCY} at a time`);
  console.log(`statuses:\n${table(statuses)}`);
  console.log(`by kind:\n${table(kinds)}`);
  console.log(`push results (changes in pushes answered 200):\n${table(pushResults)}`);
  try {
    const db = new Database(server.databaseFile, { readonly: true });
    const log = db.prepare(`SELECT count(*) AS rows, coalesce(sum(length(mutation)), 0) AS copies, coalesce(sum(length(result)), 0) AS results FROM mutation_log`).get() as { rows: number; copies: number; results: number };
    console.log(`mutation log: ${log.rows} rows, ${(log.copies / 1024).toFixed(0)} KB of refused copies, ${(log.results / 1024).toFixed(0)} KB of results`);
    db.close();
  } finally {
    await server.cleanup();
  }

  for (const failure of failures) {
    const file = join('dist', `fuzz-http-failure-${SEED}-${failure.index}.bin`);
    if (failure.request.body) writeFileSync(file, failure.request.body);
    console.error(`\nFAILED request #${failure.index} (${failure.request.kind}): ${failure.why}`);
    console.error(`outcome: ${failure.outcome.status} after ${failure.outcome.ms.toFixed(0)} ms${failure.outcome.error ? ` (${failure.outcome.error})` : ''}`);
    console.error(describeRequest(failure.request));
    if (failure.request.body) console.error(`(the whole body is in ${file})`);
    console.error(`replay it alone: npm run fuzz:http -- --seed ${SEED} --only ${failure.index}`);
    console.error(`replay the run up to it: npm run fuzz:http -- --seed ${SEED} --requests ${failure.index + 1}`);
  }
  if (overTime) console.error(`\nFAILED: the run took over ${MAX_SECONDS} s; ${sent} of ${REQUESTS} requests were sent.`);
  return failures.length > 0 || overTime ? 1 : 0;
}

process.exitCode = await main();
