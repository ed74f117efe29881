import type { Locale } from '../../shared/domain';

/**
 * Strings of the road settings. Kept out of the main catalog so
 * they load with their screen, not with the day view.
 */
const en = {
  title: 'On the road',
  directionsApp: 'Directions app',
  travelMode: 'How I travel',
  fromProfile: (mode: string) => `As in my profile (${mode})`,
  officePhone: 'Office phone for safety calls',
  officePhoneHint: (phone: string) => `Leave empty to use ${phone}.`,
  safetyMargin: 'Ask if all is well after a session runs over by (minutes)',
};

export type RoadSettingsMessages = typeof en;

const fr: RoadSettingsMessages = {
  title: 'Sur la route',
  directionsApp: 'Application d’itinéraire',
  travelMode: 'Mon mode de déplacement',
  fromProfile: (mode) => `Comme dans mon profil (${mode})`,
  officePhone: 'Téléphone du bureau pour la sécurité',
  officePhoneHint: (phone) => `Laissez vide pour utiliser le ${phone}.`,
  safetyMargin: 'Demander si tout va bien quand une séance dépasse de (minutes)',
};

export const roadSettingsCatalogs: Record<Locale, RoadSettingsMessages> = { fr, en };
