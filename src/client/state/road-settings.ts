import { signal } from '@preact/signals';
import * as v from 'valibot';
import { DIRECTIONS_APPS } from '../../shared/directions';
import { TransportModeSchema } from '../../shared/domain';

/** Settings for the road, kept on this device (they are about this phone, not the office). */
const RoadSettingsSchema = v.object({
  directionsApp: v.picklist(DIRECTIONS_APPS),
  /** Null: the travel mode from the therapist's profile. */
  travelMode: v.nullable(TransportModeSchema),
  /** Empty: the office number from the therapist's profile. */
  officePhone: v.pipe(v.string(), v.maxLength(40)),
  /** Minutes past a session's planned end before the app asks "Everything all right?". */
  safetyMarginMin: v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(120)),
});
export type RoadSettings = v.InferOutput<typeof RoadSettingsSchema>;

const STORAGE_KEY = 'tournee.road';
const DEFAULTS: RoadSettings = { directionsApp: 'google', travelMode: null, officePhone: '', safetyMarginMin: 15 };

function read(): RoadSettings {
  try {
    const result = v.safeParse(RoadSettingsSchema, { ...DEFAULTS, ...JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') });
    return result.success ? result.output : DEFAULTS;
  } catch {
    return DEFAULTS;
  }
}

export const roadSettings = signal<RoadSettings>(read());

export function updateRoadSettings(patch: Partial<RoadSettings>): void {
  roadSettings.value = { ...roadSettings.value, ...patch };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(roadSettings.value));
}
