import type { Service, VisitStatus } from '../../shared/domain';

/** A span of minutes as a therapist says it: "45 min", and past an hour "7 h 32" / "7 h 32 min". */
const enMinutes = (minutes: number) => (minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`);

/**
 * Every string a therapist reads, in English. English defines the shape; French
 * (messages-fr.ts) must match it key for key (the type checker refuses a
 * missing or extra translation). Only the therapist's language is downloaded:
 * see messages.ts.
 */
export const en = {
  appName: 'Tournée',
  formats: { time: 'h:mm a', dayTitle: 'EEEE, MMMM d', dayShort: 'EEE MMM d', dateTime: 'MMM d, h:mm a' },
  nav: { day: 'Day', clients: 'Clients', settings: 'Settings', main: 'Main' },
  day: {
    today: 'Today',
    previous: 'Previous day',
    next: 'Next day',
    visitsCount: (n: number) => (n === 0 ? 'No visits' : n === 1 ? '1 visit' : `${n} visits`),
    empty: 'No home visits this day.',
    notLoaded: 'This day is not on this device yet. It will appear after the next sync.',
    outsideWindow: 'Only yesterday to two weeks ahead are kept on this device.',
    listLabel: (day: string) => `Visits on ${day}`,
    window: (from: string, to: string) => `${from} – ${to}`,
    minutes: (n: number) => `${n} min`,
    markers: { doorCode: 'Door code', flag: 'Flag', risk: 'Risk note' },
  },
  visit: {
    back: 'Back to the day',
    notFound: 'This visit is not on this device.',
    unit: (unit: string) => `Unit ${unit}`,
  },
  services: {
    swedish: 'Swedish massage',
    therapeutic: 'Therapeutic massage',
    deep_tissue: 'Deep tissue',
    prenatal: 'Prenatal massage',
    sports: 'Sports massage',
    lymphatic: 'Lymphatic drainage',
  } satisfies Record<Service, string>,
  statuses: {
    scheduled: 'Scheduled',
    en_route: 'On the way',
    arrived: 'Arrived',
    in_session: 'In session',
    completed: 'Completed',
    cancelled: 'Cancelled',
    no_show: 'No-show',
  } satisfies Record<VisitStatus, string>,
  languages: { fr: 'French', en: 'English' },
  /** Each language in its own words, for the language picker. */
  languageEndonyms: { fr: 'Français', en: 'English' },
  connection: {
    online: 'Online',
    offline: 'Offline',
    syncing: 'Syncing…',
    syncedAt: (time: string) => `Synced ${time}`,
    neverSynced: 'Not synced yet',
    signInAgain: 'Sign in again to sync',
    failed: (detail: string) => `Sync failed: ${detail}`,
    updateApp: 'Update the app to sync',
    waiting: (n: number) => (n === 1 ? '1 change waiting' : `${n} changes waiting`),
    clock: (minutes: number, ahead: boolean) =>
      `This device’s clock is ${minutes} min ${ahead ? 'ahead' : 'behind'}. Set the date and time to automatic in the phone’s settings; your changes stay on this device until then.`,
    refused: (n: number) => (n === 1 ? '1 change refused' : `${n} changes refused`),
  },
  workflow: {
    next: 'Next',
    step: {
      en_route: 'I’m on my way',
      arrived: 'I’ve arrived',
      in_session: 'Start the session',
      completed: 'End the session',
    } as Record<'en_route' | 'arrived' | 'in_session' | 'completed', string>,
    cancel: 'Cancel the visit',
    noShow: 'Client not there',
    reason: 'Reason',
    reasons: ['Client cancelled', 'Client is ill', 'I cannot make it', 'Weather or roads'],
    otherReason: 'Other reason (write it)',
    confirm: { cancelled: 'Cancel the visit', no_show: 'Record a no-show' } as Record<'cancelled' | 'no_show', string>,
    keep: 'Keep the visit',
    reasonRequired: 'Give a reason.',
    saved: 'Saved on this device',
    notYet: 'This visit is not today: it can go further on its day.',
    failed: (detail: string) => `Not saved: ${detail}`,
    progress: (done: number, total: number) => `${done} of ${total} done`,
    left: (duration: string) => `about ${duration} left`,
    finish: (time: string) => `done around ${time}`,
    undo: (step: string) => `Undo “${step}”`,
    undoHint: (minutes: number) => `Held on this device for ${minutes} min, then sent.`,
    undone: 'Undone.',
    confirmEnd: 'End the session now? This also ends the safety timer.',
    confirmEndYes: 'Yes, end the session',
    confirmEndNo: 'Not yet',
  },
  sms: {
    safety: (address: string, client: string) =>
      `Safety check: my session at ${address} (${client}) has run past its planned end. Please call me.`,
  },
  road: {
    eta: (time: string) => `ETA ${time}`,
    lateBy: (minutes: number) => `late by ${enMinutes(minutes)}`,
    travel: (minutes: number) => `${minutes} min away`,
    directions: 'Directions',
    apps: { google: 'Google Maps', apple: 'Apple Maps', waze: 'Waze', geo: 'Another map app' },
    modes: { driving: 'driving', transit: 'transit', bicycling: 'bicycle', walking: 'walking' },
    optimise: 'Suggest a shorter order',
    usingOwnOrder: 'You are using your own order for today.',
    backToOffice: 'Back to the office’s order',
    map: 'Map of the day',
  },
  safety: {
    title: 'Everything all right?',
    body: (client: string, minutes: number) => `Your session with ${client} is ${enMinutes(minutes)} past its planned end.`,
    fine: 'All is well',
    call: 'Call the office',
    text: 'Text the office',
  },
  note: {
    label: 'My note',
    help: 'Your own note about this visit; the office sees it too.',
    saving: 'Saving…',
    saved: 'Saved on this device',
    failed: (detail: string) => `Not saved: ${detail}. Your text is still here; keep typing to try again.`,
  },
  update: {
    available: 'A new version of Tournée is ready.',
    reload: 'Update now',
  },
  errors: {
    network: 'no connection',
    server: (status: number) => `the server answered ${status}`,
    reloadNeeded: 'Tournée was updated in another tab. Reload to continue.',
    screenFailed: (detail: string) => `This screen could not load: ${detail}`,
    reload: 'Reload',
    storage: (detail: string) => `This device’s storage failed: ${detail}`,
  },
};

export type Messages = typeof en;
