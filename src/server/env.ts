import type { Store } from './store/store';

/** What every route may use; built once in app.ts, passed down, never global. */
export interface ServerDeps {
  store: Store;
  /** The clock, injectable so tests can pin "today". */
  now: () => Date;
}

/** Hono's per-request variables, set by the session middleware. */
export interface AppEnv {
  Variables: { therapistId: string };
}
