import { smsUrl } from '../../shared/directions';
import type { Client } from '../../shared/domain';
import { formatInstantTime } from '../i18n/format';
import { catalogs } from '../i18n/both-catalogs';

/**
 * The "on my way" / "running late" text, in the CLIENT's language (not the
 * app's), with the arrival time written the way they read it.
 */
export function onMyWaySms(client: Client, therapistName: string, eta: Date, late: boolean): string {
  const catalog = catalogs[client.language];
  const time = formatInstantTime(eta, client.language);
  const firstName = therapistName.split(' ')[0] ?? therapistName;
  const body = late ? catalog.sms.late(client.firstName, firstName, time) : catalog.sms.onMyWay(client.firstName, firstName, time);
  return smsUrl(client.phone, body);
}
