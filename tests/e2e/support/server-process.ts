import { spawn, type ChildProcess } from 'node:child_process';

/** A real server process of our own, for tests that need to stop it or deploy over it. */
export interface ServerProcess {
  url: string;
  /** SIGTERM lets the server close its database; SIGKILL is a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServer(options: { port: number; dataDir: string; staticDir?: string; env?: Record<string, string> }): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(options.port), DATA_DIR: options.dataDir, HOST: '127.0.0.1' };
  if (options.staticDir) env.STATIC_DIR = options.staticDir;
  Object.assign(env, options.env);
  // SERVER_CPU_PROF=dir writes the server's CPU profile there when it stops (benchmarks).
  const profile = process.env.SERVER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SERVER_CPU_PROF}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, 'dist/server/main.js'], { env, stdio: 'ignore' });
  const url = `http://localhost:${options.port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('server did not start in 20 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
