import { readFileSync } from 'node:fs';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The manifests live at the top of the repo and must be served at stable names:
 * /manifest.webmanifest (French, the default) and /manifest.en.webmanifest, so
 * that the installed app's name and shortcuts are in the device's language
 * (state/manifest-language.ts points the <link> at the right one). Linked from
 * index.html, Vite would rename them with a hash; instead they are emitted as-is
 * and the <link> injected after bundling.
 */
const MANIFESTS = ['manifest.webmanifest', 'manifest.en.webmanifest'];

function webManifest(): Plugin {
  const source = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
  return {
    name: 'tournee:web-manifest',
    generateBundle() {
      for (const fileName of MANIFESTS) this.emitFile({ type: 'asset', fileName, source: source(fileName) });
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'link', attrs: { rel: 'manifest', href: '/manifest.webmanifest' }, injectTo: 'head' }],
    },
    configureServer(server) {
      for (const name of MANIFESTS) {
        server.middlewares.use(`/${name}`, (_req, res) => {
          res.setHeader('Content-Type', 'application/manifest+json');
          res.end(source(name));
        });
      }
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
  resolve: {
    // workbox-window's "module" field points at its ES5 build (2.3 KB gzipped); the
    // ES2017 one it ships beside it does the same in 1.4 KB, and every browser we
    // support runs it.
    alias: [{ find: /^workbox-window$/, replacement: 'workbox-window/build/workbox-window.prod.mjs' }],
  },
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // Every browser we support has <link rel="modulepreload">: the polyfill was half a kilobyte of the first download.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // The domain modules only declare types and schemas. Said so, a schema nothing on a
      // path reads is left out of that path's chunks, instead of travelling as a side-effect
      // import through the domain/index.ts barrel (client/data/later-schemas.ts).
      treeshake: { moduleSideEffects: (id: string) => (/src[\\/]shared[\\/]domain[\\/]/.test(id) ? false : undefined) },
      output: {
        // The libraries and schemas every screen shares travel in one chunk: left to
        // themselves they split into several small ones, which compress worse and
        // cost the day view's first download about a kilobyte. Only the schemas the
        // day view reads (client, visit, therapist, intake): the others load with the screens
        // that read them (client/data/later-schemas.ts).
        // Also in it, the small modules the entry shares with later
        // screens (the API client, the calendar, Vite's preload helper), which rolldown
        // would otherwise emit as three more chunks of a few hundred bytes each.
        codeSplitting: {
          groups: [
            {
              name: 'core',
              test: /node_modules[\\/](preact|@preact[\\/]signals(-core)?|valibot)[\\/]|src[\\/]shared[\\/]domain[\\/](common|client|visit|therapist|intake)\.ts$|vite[\\/]preload-helper|src[\\/]client[\\/]sync[\\/]api-client\.ts$|src[\\/]shared[\\/]calendar\.ts$/,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
