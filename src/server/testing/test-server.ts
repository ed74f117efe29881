import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createApp, type AppOptions } from '../app';
import { hashPassword } from '../auth/passwords';
import { startHttpServer, type HttpLimits } from '../http/start-http-server';
import { openSqliteStore } from '../store/sqlite/sqlite-store';
import type { Store } from '../store/store';
import { openSealingKeys, type SealingKeys } from '../sync/sealing-keys';

export interface TestServer {
  url: string;
  store: Store;
  /** The server's sealing keys, kept beside the SQLite file (a restart on the same file keeps them). */
  sealingKeys: SealingKeys;
  /** The SQLite file, for tests that look at it (or damage it) through a second connection. */
  file: string;
  /** Signs in and returns the session cookie ("session=…"). */
  signIn(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

/** The real app on a real port with a real SQLite file in a temporary folder. */
export async function startTestServer(
  options: {
    now?: () => Date;
    needToKnowDays?: number;
    staticDir?: string;
    onUnexpectedError?: (error: unknown) => void;
    trustProxy?: AppOptions['trustProxy'];
    auth?: AppOptions['auth'];
    /** Reopen this SQLite file (a restart) instead of a new one; the caller removes it. */
    file?: string;
    limits?: Partial<HttpLimits>;
  } = {},
): Promise<TestServer> {
  const dir = options.file ? null : await mkdtemp(join(tmpdir(), 'tournee-server-'));
  const file = options.file ?? join(dir!, 'test.sqlite');
  const now = options.now ?? (() => new Date());
  // One clock for the routes and the store (need to know is judged by the day it is).
  const store = openSqliteStore(file, { now, needToKnowDays: options.needToKnowDays });
  const sealingKeys = openSealingKeys(join(dirname(file), 'sealing-keys.json'), now());
  const app = createApp({
    store,
    now,
    sealingKeys,
    staticDir: options.staticDir,
    onUnexpectedError: options.onUnexpectedError,
    trustProxy: options.trustProxy,
    auth: options.auth,
  });
  const { server, port } = await startHttpServer(app, { port: 0, hostname: '127.0.0.1', limits: options.limits });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    store,
    sealingKeys,
    file,
    async signIn(email, password) {
      const response = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
      return response.headers.getSetCookie()[0]!.split(';')[0]!;
    },
    async close() {
      // Node 20 waits for keep-alive connections to time out (seconds) unless told to drop them.
      const closed = new Promise((resolve) => server.close(resolve));
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
      await store.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

let cachedHash: Promise<string> | undefined;
/** scrypt at production cost is slow on purpose; hash the test password once per file. */
export function testPasswordHash(): Promise<string> {
  cachedHash ??= hashPassword('correct horse');
  return cachedHash;
}
