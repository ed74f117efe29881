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
        // Everything the entry imports statically travels in one chunk: the libraries,
        // the schemas the day view reads (client, visit, therapist, intake; the others
        // load with the screens that read them, client/data/later-schemas.ts), the app's
        // first screens, and the small modules it shares with later ones (API client,
        // calendar, Vite's preload helper). Left to itself rolldown split them into a
        // dozen chunks, and one file compresses better than two: 0.9 KB less than a
        // separate chunk for the libraries and schemas alone.
        codeSplitting: {
          groups: [{ name: 'core', tags: ['$initial'] }],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
