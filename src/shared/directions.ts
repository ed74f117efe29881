export const DIRECTIONS_APPS = ['google', 'apple', 'waze', 'geo'] as const;
export type DirectionsApp = (typeof DIRECTIONS_APPS)[number];

/** `sms:` link with a ready text; `?&body=` is read by both iOS and Android. */
export function smsUrl(phone: string, body: string): string {
  return `sms:${phone.replace(/[^\d+]/g, '')}?&body=${encodeURIComponent(body)}`;
}
