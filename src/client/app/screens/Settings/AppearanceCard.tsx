import { settingsCatalogs } from '../../../i18n/settings-messages';
import { chooseTextSize, chooseTheme, TEXT_SIZE_CHOICES, textSizeChoice, THEME_CHOICES, themeChoice } from '../../../state/appearance';
import { locale } from '../../../state/locale';

/** Theme and text size: preferences of this device, never synced (state/appearance.ts). */
export function AppearanceCard() {
  const sm = settingsCatalogs[locale.value].settings;
  return (
    <>
      <fieldset class="card" aria-describedby="appearance-device-only">
        <legend>{sm.appearance}</legend>
        {THEME_CHOICES.map((choice) => (
          <label class="choice" key={choice}>
            <input type="radio" name="theme" checked={themeChoice.value === choice} onChange={() => chooseTheme(choice)} />
            <span>{sm.themes[choice]}</span>
          </label>
        ))}
        <p class="muted" id="appearance-device-only">
          {sm.deviceOnly}
        </p>
      </fieldset>
      <fieldset class="card" aria-describedby="appearance-device-only">
        <legend>{sm.textSize}</legend>
        {TEXT_SIZE_CHOICES.map((choice) => (
          <label class="choice" key={choice}>
            <input type="radio" name="text-size" checked={textSizeChoice.value === choice} onChange={() => chooseTextSize(choice)} />
            <span>{sm.textSizes[choice]}</span>
          </label>
        ))}
      </fieldset>
    </>
  );
}
