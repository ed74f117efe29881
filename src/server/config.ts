import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NEED_TO_KNOW_DAYS_DEFAULT } from './sync/need-to-know';
import { RETENTION_YEARS_DEFAULT } from './privacy/retention';
import type { PrivacyOfficerContact } from '../shared/api';
import { parseTrustProxy, type TrustedProxies } from './http/client-address';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './http/start-http-server';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  staticDir: string;
  demoEmail: string;
  demoPassword: string;
  officeEmail: string;
  officePassword: string;
  tileUrl: string;
  tileAttribution: string;
  /** An OSRM-compatible routing service; none by default (travel times are estimated). */
  routingUrl: string | null;
  /** Days after a visit that its therapist keeps the client's clinical file (need-to-know.ts). */
  needToKnowDays: number;
  /**
   * TRUST_PROXY: the reverse proxies (addresses and CIDR ranges, comma-separated,
   * or "loopback") whose X-Forwarded-For and X-Forwarded-Proto are believed. The
   * sign-in throttle counts by client address, and HSTS and Secure cookies need
   * to know https: behind a proxy, both come from these headers, and only when
   * the request's direct peer is listed. Unset: nobody is trusted, the socket's
   * address counts, and only a direct https connection is https.
   */
  trustProxy: TrustedProxies | null;
  /** RETENTION_YEARS: years a client's records are kept after their last visit, then purged (privacy/retention.ts). */
  retentionYears: number;
  /** PRIVACY_OFFICER_NAME, _EMAIL, _PHONE: whom clients and therapists contact about personal information (shown in Settings). */
  privacyOfficer: PrivacyOfficerContact;
  /** PRIVACY_OFFICER_ACCOUNT: the email of the office account that may read access logs, export and record deletion requests. */
  privacyOfficerAccount: string | null;
  /** Time limits on a client's headers, body and idle connection (HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS). */
  httpLimits: HttpLimits;
  /**
   * DEMO_NOW (an ISO instant with its offset): the server's clock starts at that instant
   * and runs on, so the README's screenshots show the same hour whenever they are taken.
   * Only for a fresh demo: main.ts refuses it when DATA_DIR already holds data.
   */
  demoNow: Date | null;
}

const OSM_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

/** Settings from the environment, each with a default that runs the demo. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const needToKnowDays = Number(env.NEED_TO_KNOW_DAYS ?? NEED_TO_KNOW_DAYS_DEFAULT);
  if (!Number.isInteger(needToKnowDays) || needToKnowDays < 0 || needToKnowDays > 365) {
    throw new Error(`NEED_TO_KNOW_DAYS must be a whole number of days from 0 to 365, not "${env.NEED_TO_KNOW_DAYS}"`);
  }
  const retentionYears = Number(env.RETENTION_YEARS ?? RETENTION_YEARS_DEFAULT);
  if (!Number.isInteger(retentionYears) || retentionYears < 1 || retentionYears > 100) {
    throw new Error(`RETENTION_YEARS must be a whole number of years from 1 to 100, not "${env.RETENTION_YEARS}"`);
  }
  const officeEmail = env.OFFICE_EMAIL ?? 'office@example.com';
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    // The server is bundled to dist/server/main.js; the PWA is built to dist/client.
    staticDir: resolve(env.STATIC_DIR ?? join(fileURLToPath(new URL('.', import.meta.url)), '../client')),
    demoEmail: env.DEMO_EMAIL ?? 'therapist@example.com',
    demoPassword: env.DEMO_PASSWORD ?? 'massage-demo',
    officeEmail,
    officePassword: env.OFFICE_PASSWORD ?? 'office-demo',
    tileUrl: env.TILE_URL ?? OSM_TILES,
    tileAttribution: env.TILE_ATTRIBUTION ?? OSM_ATTRIBUTION,
    routingUrl: env.ROUTING_URL || null,
    needToKnowDays,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    retentionYears,
    privacyOfficer: {
      name: env.PRIVACY_OFFICER_NAME ?? 'Responsable de la protection des renseignements personnels (démo)',
      email: env.PRIVACY_OFFICER_EMAIL ?? officeEmail,
      phone: env.PRIVACY_OFFICER_PHONE ?? '',
    },
    privacyOfficerAccount: env.PRIVACY_OFFICER_ACCOUNT?.trim().toLowerCase() || null,
    httpLimits: {
      headersTimeoutMs: milliseconds(env, 'HEADERS_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.headersTimeoutMs),
      requestTimeoutMs: milliseconds(env, 'REQUEST_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.requestTimeoutMs),
      keepAliveTimeoutMs: milliseconds(env, 'KEEP_ALIVE_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs),
    },
    demoNow: instant(env, 'DEMO_NOW'),
  };
}

function instant(env: NodeJS.ProcessEnv, name: string): Date | null {
  const text = env[name];
  if (!text) return null;
  // An offset is required: an instant without one would be read in the server's own time zone.
  const value = /(Z|[+-]\d\d:\d\d)$/.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(value.getTime())) throw new Error(`${name} must be an ISO date and time with its offset (2026-11-24T10:30:00-05:00), not "${text}"`);
  return value;
}

function milliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of milliseconds, not "${env[name]}"`);
  return value;
}

/** The origin of a tile URL template, for the Content-Security-Policy. */
export function tileOrigin(tileUrl: string): string | null {
  try {
    const url = new URL(tileUrl.replace(/\{[^}]+\}/g, 'x'));
    return `${url.protocol}//${url.host.replace(/^x\./, '*.')}`;
  } catch {
    return null;
  }
}
