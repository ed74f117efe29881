import type { Locale } from '../../shared/domain';
import { en, type Messages } from './messages-en';
import { fr } from './messages-fr';

/**
 * Both languages at once, for what is written in the CLIENT's language rather
 * than the therapist's (a receipt, a text message). Only screens loaded later
 * import this: the first download carries one language (messages.ts).
 */
export const catalogs: Record<Locale, Messages> = { fr, en };
