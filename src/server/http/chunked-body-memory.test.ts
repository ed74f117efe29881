import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A chunked body has no Content-Length to refuse up front: the server must
 * stop reading at the limit. This runs the real server (src/server/main.ts,
 * bundled as `npm run build:server` does) in a process of its own, so that
 * its resident memory is the server's alone: in this process it would also
 * count the test runner and the client building the body, and a garbage
 * collection at the wrong moment would hide or fake a growth.
 */
const MIB = 1024 * 1024;
let dir: string;
let child: ChildProcess;
let port: number;

/** The child's resident set (Linux's /proc), in MiB. */
function residentMib(): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

beforeAll(async () => {
  // Under the project root, so the bundle's bare imports (hono, better-sqlite3) resolve.
  dir = await mkdtemp(join(tmpdir(), 'tournee-body-limit-'));
  await mkdir('dist', { recursive: true });
  const outDir = await mkdtemp(join(process.cwd(), 'dist', 'test-server-'));
  await build({
    entryPoints: ['src/server/main.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    outfile: join(outDir, 'main.js'),
    logLevel: 'warning',
  });
  child = spawn(process.execPath, [join(outDir, 'main.js')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), STATIC_DIR: join(dir, 'no-static') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at http:\/\/localhost:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${output}`)));
  });
  await rm(outDir, { recursive: true, force: true });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  }
  await rm(dir, { recursive: true, force: true });
});

/** POSTs up to `totalMib` of JSON-looking bytes in 1 MiB chunks, with no Content-Length; the status, or how the connection ended. */
function sendChunked(path: string, totalMib: number): Promise<{ status: number | null; sentMib: number }> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(MIB, 0x20);
    let sent = 0;
    let status: number | null = null;
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      (res) => {
        status = res.statusCode ?? null;
        res.resume();
        res.on('end', () => resolve({ status, sentMib: sent }));
      },
    );
    // The server closes the connection once it has answered: the rest is never sent.
    req.on('error', () => resolve({ status, sentMib: sent }));
    const write = () => {
      while (sent < totalMib && !req.destroyed) {
        sent++;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      if (!req.destroyed) req.end();
    };
    write();
  });
}

describe('a chunked body far over the limit', () => {
  it('is answered 413 without the server holding it: its memory stays under 300 MiB', async () => {
    const before = residentMib();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, residentMib())), 10);
    const { status, sentMib } = await sendChunked('/api/auth/login', 400);
    // Let whatever the server still buffers show up in its memory.
    await new Promise((resolve) => setTimeout(resolve, 300));
    clearInterval(sampler);
    peak = Math.max(peak, residentMib());

    expect(status).toBe(413);
    expect(peak).toBeLessThan(300);
    expect(child.exitCode).toBeNull();
    console.log(`chunked body: ${sentMib} MiB sent of 400; server memory ${before.toFixed(0)} MiB before, ${peak.toFixed(0)} MiB at most`);
  }, 60_000);

  it('leaves the server serving the next request', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(response.status).toBe(200);
  });
});
