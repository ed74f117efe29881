import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { startServer, type ServerProcess } from './server-process';

/**
 * A fresh server process and database for each test of the calling file, for
 * tests that look into the database, stop the server, or need a clean day.
 * E2E_PORT_OFFSET shifts every such port (E2E_PORT moves the shared server).
 */
export function useOwnServer(basePort: number, env?: Record<string, string>) {
  // Several checkouts on one machine can run their suites at once, each with its own offset.
  const port = basePort + Number(process.env.E2E_PORT_OFFSET ?? 0);
  const own = { server: undefined as unknown as ServerProcess, dataDir: '', port, env };
  test.beforeEach(async () => {
    own.dataDir = await mkdtemp(join(tmpdir(), 'tournee-e2e-'));
    own.server = await startServer({ port, dataDir: own.dataDir, env });
  });
  test.afterEach(async () => {
    await own.server.stop();
    await rm(own.dataDir, { recursive: true, force: true });
  });
  return own;
}
