import { roadSettingsCatalogs } from '../../../i18n/road-settings-messages';
import { DIRECTIONS_APPS } from '../../../../shared/directions';
import type { Therapist, TransportMode } from '../../../../shared/domain';
import { locale, messages } from '../../../state/locale';
import { roadSettings, updateRoadSettings } from '../../../state/road-settings';

const MODES: TransportMode[] = ['driving', 'transit', 'bicycling', 'walking'];

export function RoadSettingsCard({ therapist }: { therapist: Therapist | null | undefined }) {
  const m = messages.value;
  const settings = roadSettings.value;
  return (
    <fieldset class="card">
      <legend>{roadSettingsCatalogs[locale.value].title}</legend>
      <label class="field">
        <span>{roadSettingsCatalogs[locale.value].directionsApp}</span>
        <select value={settings.directionsApp} onChange={(event) => updateRoadSettings({ directionsApp: event.currentTarget.value as (typeof DIRECTIONS_APPS)[number] })}>
          {DIRECTIONS_APPS.map((app) => (
            <option key={app} value={app}>
              {m.road.apps[app]}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{roadSettingsCatalogs[locale.value].travelMode}</span>
        <select
          value={settings.travelMode ?? ''}
          onChange={(event) => updateRoadSettings({ travelMode: (event.currentTarget.value || null) as TransportMode | null })}
        >
          <option value="">{roadSettingsCatalogs[locale.value].fromProfile(m.road.modes[therapist?.transportMode ?? 'driving'])}</option>
          {MODES.map((mode) => (
            <option key={mode} value={mode}>
              {m.road.modes[mode]}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{roadSettingsCatalogs[locale.value].officePhone}</span>
        <input type="tel" value={settings.officePhone} onChange={(event) => updateRoadSettings({ officePhone: event.currentTarget.value.trim() })} />
        {therapist && <small class="muted">{roadSettingsCatalogs[locale.value].officePhoneHint(therapist.officePhone)}</small>}
      </label>
      <label class="field">
        <span>{roadSettingsCatalogs[locale.value].safetyMargin}</span>
        <input
          type="number"
          min={5}
          max={120}
          step={5}
          value={settings.safetyMarginMin}
          onChange={(event) => {
            const value = Number(event.currentTarget.value);
            if (Number.isInteger(value) && value >= 5 && value <= 120) updateRoadSettings({ safetyMarginMin: value });
          }}
        />
      </label>
    </fieldset>
  );
}
