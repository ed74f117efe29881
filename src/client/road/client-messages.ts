import { smsUrl } from '../../shared/directions';
import type { Client, Locale } from '../../shared/domain';
import { formatInstantTime } from '../i18n/format';

// The texts themselves, in both languages: they are written in the client's, and
// only the visit screen sends them, so they load with it.
const en = {
  onMyWay: (client: string, therapist: string, time: string) =>
    `Hello ${client}, this is ${therapist}, your massage therapist. I'm on my way and should arrive around ${time}.`,
  late: (client: string, therapist: string, time: string) =>
    `Hello ${client}, this is ${therapist}, your massage therapist. I'm running late, my apologies: I should arrive around ${time}.`,
};

const fr: typeof en = {
  onMyWay: (client, therapist, time) =>
    `Bonjour ${client}, c’est ${therapist}, votre massothérapeute. Je suis en route et j’arriverai vers ${time}.`,
  late: (client, therapist, time) =>
    `Bonjour ${client}, c’est ${therapist}, votre massothérapeute. J’ai du retard, toutes mes excuses : j’arriverai vers ${time}.`,
};

/** The texts' strings, checked with the catalogs (messages.test.ts). */
export const smsCatalogs: Record<Locale, typeof en> = { fr, en };

/**
 * The "on my way" / "running late" text, in the CLIENT's language (not the
 * app's), with the arrival time written the way they read it.
 */
export function onMyWaySms(client: Client, therapistName: string, eta: Date, late: boolean): string {
  const catalog = smsCatalogs[client.language];
  const time = formatInstantTime(eta, client.language);
  const firstName = therapistName.split(' ')[0] ?? therapistName;
  const body = late ? catalog.late(client.firstName, firstName, time) : catalog.onMyWay(client.firstName, firstName, time);
  return smsUrl(client.phone, body);
}
