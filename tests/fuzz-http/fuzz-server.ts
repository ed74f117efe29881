import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The accounts the fuzz signs in with; the server seeds its demo day with them. */
export const DEMO = { email: 'fuzz-therapist@example.com', password: 'fuzz-therapist-password' };
export const OFFICE = { email: 'fuzz-office@example.com', password: 'fuzz-office-password' };

/**
 * Short enough that a slow body is cut within the fuzz's 2 s deadline, long
 * enough for any honest request on loopback.
 */
export const LIMITS = { headersMs: 800, requestMs: 1200 };

export interface FuzzServer {
  port: number;
  /** The SQLite file, to measure what the run left in it once the server has stopped. */
  databaseFile: string;
  /** What the server wrote to stderr: its log of unexpected errors. */
  errors: string[];
  /** Why the process ended, when it did before `stop`. */
  exited(): string | null;
  stop(): Promise<void>;
  /** Removes the data folder. */
  cleanup(): Promise<void>;
}

/** The built server (`script`, dist/server/main.js by default) in a process of its own, on a free loopback port, with a fresh data folder. */
export async function startFuzzServer(script = 'dist/server/main.js'): Promise<FuzzServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tournee-fuzz-http-'));
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', script], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_EMAIL: DEMO.email,
      DEMO_PASSWORD: DEMO.password,
      OFFICE_EMAIL: OFFICE.email,
      OFFICE_PASSWORD: OFFICE.password,
      HEADERS_TIMEOUT_MS: String(LIMITS.headersMs),
      REQUEST_TIMEOUT_MS: String(LIMITS.requestMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  let exit: string | null = null;
  let stopping = false;
  child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  child.on('exit', (code, signal) => {
    if (!stopping) exit = `the server exited (code ${code}, signal ${signal})`;
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at http:\/\/localhost:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', () => reject(new Error(`the server did not start: ${output}${errors.join('')}`)));
  });
  return {
    port,
    databaseFile: join(dataDir, 'tournee.sqlite'),
    errors,
    exited: () => exit,
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        });
      }
    },
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}
