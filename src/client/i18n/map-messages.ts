import type { Locale } from '../../shared/domain';

/**
 * Strings of the map screen. Kept out of the main catalog so
 * they load with their screen, not with the day view.
 */
const en = {
  title: (day: string) => `Map · ${day}`,
  back: 'Back to the day',
  label: 'Map of the day’s homes, numbered in route order',
  showPosition: 'Show my position',
  positionDenied: (detail: string) => `Position unavailable: ${detail}`,
  prepare: 'Prepare today’s map for offline use',
  preparing: (done: number, total: number) => `Saving map tiles: ${done} of ${total}…`,
  prepared: (count: number) => `Map saved for offline use (${count} tiles).`,
  preparedWithFailures: (count: number, failed: number) => `Map saved for offline use (${count} tiles; ${failed} could not be fetched).`,
  needsNetwork: 'Connect to the network to prepare the map.',
  noBackground: 'The map background is not available offline here. Stops, the route and your position still show.',
  tilesFailed: 'The map background could not be loaded from the map server, although the device is online. Stops, the route and your position still show.',
  osmAttribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
  openVisit: 'Open the visit',
  noStops: 'No homes to show on this day.',
  loadFailed: (detail: string) => `This screen could not load: ${detail}`,
  you: 'You are here',
  stop: (position: number, name: string) => `Stop ${position}: ${name}`,
};

export type MapMessages = typeof en;

const fr: MapMessages = {
  title: (day) => `Carte · ${day}`,
  back: 'Retour à la journée',
  label: 'Carte des domiciles du jour, numérotés dans l’ordre de la tournée',
  showPosition: 'Afficher ma position',
  positionDenied: (detail) => `Position non disponible : ${detail}`,
  prepare: 'Préparer la carte du jour pour le hors-ligne',
  preparing: (done, total) => `Enregistrement des tuiles : ${done} sur ${total}…`,
  prepared: (count) => `Carte enregistrée pour le hors-ligne (${count} tuiles).`,
  preparedWithFailures: (count, failed) => `Carte enregistrée pour le hors-ligne (${count} tuiles; ${failed} introuvables).`,
  needsNetwork: 'Connectez-vous au réseau pour préparer la carte.',
  noBackground: 'Le fond de carte n’est pas disponible hors ligne ici. Les arrêts, le trajet et votre position restent affichés.',
  tilesFailed: 'Le fond de carte n’a pas pu être chargé depuis le serveur de cartes, même en ligne. Les arrêts, le trajet et votre position restent affichés.',
  osmAttribution: '&copy; les contributeurs d’<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
  openVisit: 'Ouvrir la visite',
  noStops: 'Aucun domicile à afficher ce jour-là.',
  loadFailed: (detail) => `Cet écran n’a pas pu se charger : ${detail}`,
  you: 'Vous êtes ici',
  stop: (position, name) => `Arrêt ${position} : ${name}`,
};

export const mapCatalogs: Record<Locale, MapMessages> = { fr, en };
