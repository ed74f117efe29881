import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../../src/server/app';
import { hashSessionToken, newSessionToken } from '../../../src/server/auth/session-tokens';
import { openSqliteStore } from '../../../src/server/store/sqlite/sqlite-store';
import type { Store } from '../../../src/server/store/store';
import type { Transport } from '../../../src/client/sync/api-client';
import type { Client, Visit } from '../../../src/shared/domain';
import { aClient, aTherapist, aVisit, testClock } from '../../../src/shared/testing/fixtures';

/** One request as the server received it. */
export interface SeenRequest {
  path: string;
  bytes: number;
  /** For a push: the mutation ids it carried. */
  mutationIds: number[];
  status: number;
}

/**
 * The real server app in-process with a real SQLite file, a signed-in
 * therapist, and a transport that reaches it with the session cookie (as the
 * randomized sync test does). Every request is recorded.
 */
export async function inProcessServer() {
  const dir = await mkdtemp(join(tmpdir(), 'tournee-unit-'));
  const store: Store = openSqliteStore(join(dir, 'server.sqlite'));
  const app = createApp({ store, now: () => new Date() });
  const office = testClock();
  const therapist = aTherapist();
  await store.createTherapist(therapist, 'unused', office.tick());
  const token = newSessionToken();
  await store.createSession({ tokenHash: hashSessionToken(token), therapistId: therapist.id, createdAt: new Date(), expiresAt: new Date(Date.now() + 3600_000) });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date());
  const requests: SeenRequest[] = [];

  const transport: Transport = async (path, init) => {
    const body = typeof init.body === 'string' ? init.body : '';
    const response = await app.fetch(new Request(`http://tournee.test${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: `session=${token}` } }));
    const mutations = path === '/api/sync/push' && body ? ((JSON.parse(body) as { mutations?: { mutationId: number }[] }).mutations ?? []) : [];
    requests.push({ path, bytes: new TextEncoder().encode(body).byteLength, mutationIds: mutations.map((mutation) => mutation.mutationId), status: response.status });
    return response;
  };

  return {
    store,
    therapist,
    today,
    transport,
    requests,
    /** The office's clock, for records the office writes. */
    office,
    /** A client the therapist visits today; returns both with the HLC the office wrote them at. */
    async clientVisitedToday(overrides: { client?: Partial<Client>; visit?: Partial<Visit> } = {}) {
      const client = aClient(overrides.client);
      const clientHlc = office.tick();
      await store.putClient(client, clientHlc);
      const visit = aVisit(therapist.id, client.id, { date: today, ...overrides.visit });
      const visitHlc = office.tick();
      await store.putVisit(visit, visitHlc);
      return { client, clientHlc, visit, visitHlc };
    },
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
export type InProcessServer = Awaited<ReturnType<typeof inProcessServer>>;
