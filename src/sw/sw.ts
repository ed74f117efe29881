/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { drainOutbox } from './background-sync';
import { registerTileCache } from './tile-cache';

// Give TypeScript the correct globals: Background Sync is not in TypeScript's WebWorker lib.
declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

// The app shell: every built file, so a reload in a basement works.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// The API never passes through this worker: the browser sends it straight to the network
// (the Service Worker Static Routing API), rather than waking this thread for every request
// and handing it each request's body, a megabyte for a full push, only for it to decline.
// Where the API is missing, the route below still declines it.
self.addEventListener('install', (event) => {
  // Neither is in TypeScript's WebWorker lib yet.
  const install = event as ExtendableEvent & { addRoutes?(rules: unknown): Promise<void> };
  const { URLPattern } = self as unknown as { URLPattern?: new (init: { pathname: string }) => unknown };
  if (typeof install.addRoutes !== 'function' || !URLPattern) return;
  install.waitUntil(install.addRoutes({ condition: { urlPattern: new URLPattern({ pathname: '/api/*' }) }, source: 'network' }).catch(() => undefined));
});

// Any in-app address opens the shell; the API is never answered from the cache.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

// Map tiles: cache first, bounded and expiring.
registerTileCache();

// The first install takes the page at once (nothing to conflict with). Later versions
// wait in "installed" until the therapist taps "update" (see client/state/app-update.ts).
clientsClaim();
self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Chromium's Background Sync: send the outbox once a connection returns, even with the app closed.
self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  sync.waitUntil(drainOutbox(sync.tag, self.navigator.locks));
});
