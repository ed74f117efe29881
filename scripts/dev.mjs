// Development: the API server rebuilt and restarted on change (esbuild + node --watch),
// and Vite's dev server for the app with hot reload, proxying /api to the server.
// The service worker is off in development; `npm start` runs the real thing.
import { spawn } from 'node:child_process';
import * as esbuild from 'esbuild';

const context = await esbuild.context({
  entryPoints: ['src/server/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  outfile: 'dist/server/main.js',
});
await context.rebuild();
await context.watch();

const children = [
  spawn(process.execPath, ['--enable-source-maps', '--watch', 'dist/server/main.js'], { stdio: 'inherit' }),
  spawn('npx', ['vite'], { stdio: 'inherit' }),
];
const stop = () => {
  children.forEach((child) => child.kill('SIGTERM'));
  void context.dispose().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
