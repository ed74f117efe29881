import type { Store } from './store/store';

/** What every route may use; built once in app.ts, passed down, never global. */
export interface ServerDeps {
  store: Store;
  /** The clock, injectable so tests can pin "today". */
  now: () => Date;
  /** Where errors nobody foresaw go (the server's log), even those the API answers without a 500. */
  onUnexpectedError?: (error: unknown) => void;
}

/** Hono's per-request variables, set by the session middleware. */
export interface AppEnv {
  Variables: { therapistId: string };
}
