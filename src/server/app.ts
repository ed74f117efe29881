import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { getCookie } from 'hono/cookie';
import type { PrivacyOfficerContact } from '../shared/api';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { authRoutes, type AuthOptions } from './auth/auth-routes';
import { requireSession } from './auth/require-session';
import { SESSION_COOKIE } from './auth/session-tokens';
import type { AppEnv, ServerDeps } from './env';
import { ApiError, sendError } from './http/api-error';
import { clientInfo, type TrustedProxies } from './http/client-address';
import { boundedBody } from './http/bounded-body';
import { securityHeaders } from './http/security-headers';
import { loadStaticFiles, serveStaticFiles } from './http/static-files';
import { officeRoutes } from './office/office-routes';
import { memorySealingKeys } from './sync/sealing-keys';
import { syncRoutes } from './sync/sync-routes';

export interface AppOptions extends ServerDeps {
  /** The built PWA (Vite's output); absent in API-only tests. */
  staticDir?: string;
  tileOrigins?: string[];
  /** Map and routing settings the app reads from GET /api/config. */
  mapConfig?: { tileUrl: string; tileAttribution: string; routingUrl: string | null };
  /** The privacy officer's contact, sent with GET /api/config for Settings. */
  privacyOfficer?: PrivacyOfficerContact;
  /** Called with errors the API answers 500 to, and with changes a push refused `server_error`, so they reach the log. */
  onUnexpectedError?: (error: unknown) => void;
  /** Proxies whose X-Forwarded-For/-Proto are believed (TRUST_PROXY); none by default. */
  trustProxy?: TrustedProxies | null;
  /** Sign-in backoff and password-check queue; production defaults when absent. */
  auth?: AuthOptions;
}

/** The whole HTTP surface: the API under /api, the PWA everywhere else, on one origin. */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const deps: ServerDeps = { store: options.store, now: options.now, onUnexpectedError: options.onUnexpectedError, retentionYears: options.retentionYears, sealingKeys: options.sealingKeys ?? memorySealingKeys() };
  const app = new Hono<AppEnv>();

  const routingOrigin = options.mapConfig?.routingUrl ? new URL(options.mapConfig.routingUrl).origin : null;
  app.use(clientInfo(options.trustProxy ?? null));
  app.use(securityHeaders({ tileOrigins: options.tileOrigins ?? [], connectOrigins: routingOrigin ? [routingOrigin] : [] }));
  app.use(boundedBody());

  const api = new Hono<AppEnv>();
  api.use(compress());
  api.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  api.get('/health', (c) => c.json({ status: 'ok', protocolVersion: PROTOCOL_VERSION, time: deps.now().toISOString() }));
  api.route('/auth', authRoutes(deps, options.auth));
  // Everything below needs a session.
  api.use(requireSession(deps));
  api.get('/me', async (c) => {
    const therapist = await deps.store.getTherapist(c.get('therapistId'));
    if (!therapist) throw new ApiError(401, 'unauthenticated', 'This account no longer exists.');
    return c.json({ therapist });
  });
  api.get('/config', (c) =>
    c.json({
      ...(options.mapConfig ?? {
        tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
        tileAttribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        routingUrl: null,
      }),
      // Added field: older apps ignore it.
      privacyOfficer: options.privacyOfficer ?? null,
    }),
  );
  api.route('/sync', syncRoutes(deps));
  api.route('/office', officeRoutes(deps));
  api.all('*', () => {
    throw new ApiError(404, 'not_found', 'No such API endpoint.');
  });
  app.route('/api', api);

  if (options.staticDir) {
    app.use(serveStaticFiles(loadStaticFiles(options.staticDir), { signedIn: (c) => getCookie(c, SESSION_COOKIE) !== undefined }));
  }

  app.notFound((c) => sendError(c, new ApiError(404, 'not_found', `Nothing at ${c.req.path}.`)));
  app.onError((error, c) => {
    if (error instanceof ApiError) return sendError(c, error);
    options.onUnexpectedError?.(error);
    return sendError(c, new ApiError(500, 'internal', 'The server failed; the request was not applied.'));
  });
  return app;
}
