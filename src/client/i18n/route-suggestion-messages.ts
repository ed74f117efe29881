import type { Locale } from '../../shared/domain';

/**
 * Strings of the day's suggested order. Kept out of the main catalog so they
 * load with the optimiser, on the first "suggest" tap.
 */
const en = {
  noBetter: 'The current order is already the shortest that keeps every window.',
  infeasible: 'No order keeps every arrival window; keep the office’s order and warn the clients.',
  suggestion: (minutes: number) => `This order saves about ${minutes} min on the road and keeps every window:`,
  apply: 'Use this order',
  keepOffice: 'Keep the office’s order',
};

export type RouteSuggestionMessages = typeof en;

const fr: RouteSuggestionMessages = {
  noBetter: 'L’ordre actuel est déjà le plus court qui respecte toutes les plages.',
  infeasible: 'Aucun ordre ne respecte toutes les plages d’arrivée; gardez l’ordre du bureau et prévenez les clients.',
  suggestion: (minutes) => `Cet ordre économise environ ${minutes} min de route et respecte toutes les plages :`,
  apply: 'Utiliser cet ordre',
  keepOffice: 'Garder l’ordre du bureau',
};

export const routeSuggestionCatalogs: Record<Locale, RouteSuggestionMessages> = { fr, en };
