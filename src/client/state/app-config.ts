import { signal } from '@preact/signals';
import * as v from 'valibot';
import { PrivacyOfficerContactSchema } from '../../shared/api';
import { getJson } from '../sync/api-client';

/** What the office's server configures for maps and routing; kept for offline use. */
export const AppConfigSchema = v.object({
  tileUrl: v.string(),
  tileAttribution: v.string(),
  routingUrl: v.nullable(v.string()),
  /** Absent from servers older than Law 25's part; shown in Settings. */
  privacyOfficer: v.optional(v.nullable(PrivacyOfficerContactSchema), null),
});
export type AppConfig = v.InferOutput<typeof AppConfigSchema>;

const STORAGE_KEY = 'tournee.config';
/** The server's default attribution (OpenStreetMap's tiles); the map shows it in the therapist's language. */
export const OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
const FALLBACK: AppConfig = {
  tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  tileAttribution: OSM_ATTRIBUTION,
  routingUrl: null,
  privacyOfficer: null,
};

function read(): AppConfig {
  try {
    const result = v.safeParse(AppConfigSchema, JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null'));
    return result.success ? result.output : FALLBACK;
  } catch {
    return FALLBACK;
  }
}

export const appConfig = signal<AppConfig>(read());

/** Refreshes the configuration when online; offline, the last one stays. */
export async function refreshAppConfig(): Promise<void> {
  const config = await getJson('/api/config', AppConfigSchema).catch(() => null);
  if (!config) return;
  appConfig.value = config;
  localStorage.setItem(STORAGE_KEY, JSON.stringify(config));
}
