import type { WipeReason } from '../shared/api';
import type { Store } from './store/store';
import type { SealingKeys } from './sync/sealing-keys';

/** What every route may use; built once in app.ts, passed down, never global. */
export interface ServerDeps {
  store: Store;
  /** The clock, injectable so tests can pin "today". */
  now: () => Date;
  /** Where errors nobody foresaw go (the server's log), even those the API answers without a 500. */
  onUnexpectedError?: (error: unknown) => void;
  /** Years records are kept after a client's last visit (privacy/retention.ts). */
  retentionYears?: number;
  /** The key pairs devices seal their outbox to (sync/sealing-keys.ts); new ones in memory when absent. */
  sealingKeys?: SealingKeys;
}

/** Hono's per-request variables, set by the client-info and session middlewares. */
export interface AppEnv {
  Variables: {
    therapistId: string;
    /** The session's token hash, to tell "this device" among the therapist's sessions. */
    sessionTokenHash: string;
    /** The session's public id and its browser and system, for the access log. */
    session: { id: string; deviceLabel: string | null };
    /** Set when this session's device must wipe its data (remote wipe); only a push gets through. */
    wipe: WipeReason | null;
    /** A Content-Security-Policy of the response's own, in place of the app's (the printable export's style block). */
    documentCsp: string;
    /** The client's address: the socket's, or from X-Forwarded-For when the peer is a trusted proxy (http/client-address.ts). */
    clientAddress: string;
    /** Whether the client reached us over https, directly or through a trusted proxy. */
    https: boolean;
  };
}
