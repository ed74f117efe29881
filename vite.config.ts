import { readFileSync } from 'node:fs';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The manifest lives at the top of the repo and must be served at a stable
 * /manifest.webmanifest. Linked from index.html, Vite would rename it with a
 * hash; instead it is emitted as-is and its <link> injected after bundling.
 */
function webManifest(): Plugin {
  const source = () => readFileSync(new URL('./manifest.webmanifest', import.meta.url), 'utf8');
  return {
    name: 'tournee:web-manifest',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'manifest.webmanifest', source: source() });
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'link', attrs: { rel: 'manifest', href: '/manifest.webmanifest' }, injectTo: 'head' }],
    },
    configureServer(server) {
      server.middlewares.use('/manifest.webmanifest', (_req, res) => {
        res.setHeader('Content-Type', 'application/manifest+json');
        res.end(source());
      });
    },
  };
}

export default defineConfig({
  plugins: [
    preact(),
    webManifest(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,woff2}'],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        // The libraries and schemas every screen shares travel in one chunk: left to
        // themselves they split into several small ones, which compress worse and
        // cost the day view's first download about a kilobyte.
        codeSplitting: {
          groups: [{ name: 'core', test: /node_modules[\\/](preact|@preact[\\/]signals(-core)?|valibot)[\\/]|src[\\/]shared[\\/]domain[\\/]/ }],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
