import { expect, test, type Page } from '@playwright/test';
import { serverDb } from '../support/server-db';
import { useOwnServer } from '../support/own-server';
import { PhonePage } from './phone-page';

/**
 * Dictation on the phone, with a stand-in for Chrome's on-device speech
 * recognition (no browser here has a language pack): the microphone shows only
 * when the browser says the UI language is recognised on the device, every
 * recognition is set to process locally, and what is dictated is saved and
 * synced like what is typed.
 */
const own = useOwnServer(4394);

const PHRASE = 'raideur au cou mieux après les étirements';

/** Installs a SpeechRecognition whose `available` answers `availability` (or none at all), and a cloud recogniser that must never be used. */
async function fakeSpeech(page: Page, availability: 'available' | 'unavailable' | 'none') {
  await page.addInitScript(
    ({ availability, phrase }) => {
      const seen = { asked: [] as unknown[], started: [] as { processLocally: unknown; lang: string }[], stopped: 0, cloud: 0 };
      Object.assign(window, { speechSeen: seen });
      class FakeRecognition extends EventTarget {
        lang = '';
        continuous = false;
        interimResults = true;
        processLocally = false;
        static available(options: unknown) {
          seen.asked.push(options);
          return Promise.resolve(availability);
        }
        start() {
          seen.started.push({ processLocally: this.processLocally, lang: this.lang });
          // One finished phrase a moment after the microphone opens.
          setTimeout(() => this.dispatchEvent(Object.assign(new Event('result'), { resultIndex: 0, results: [{ isFinal: true, 0: { transcript: phrase }, length: 1 }] })), 100);
        }
        stop() {
          seen.stopped += 1;
          setTimeout(() => this.dispatchEvent(new Event('end')), 0);
        }
        abort() {
          this.stop();
        }
      }
      // The cloud recogniser: constructing it would mean audio leaves the device.
      class CloudRecognition extends FakeRecognition {
        constructor() {
          super();
          seen.cloud += 1;
        }
      }
      Object.assign(window, { webkitSpeechRecognition: CloudRecognition });
      if (availability === 'none') Reflect.deleteProperty(window, 'SpeechRecognition');
      else Object.assign(window, { SpeechRecognition: FakeRecognition });
    },
    { availability, phrase: PHRASE },
  );
}

type Seen = { asked: unknown[]; started: { processLocally: unknown; lang: string }[]; stopped: number; cloud: number };
const seen = (page: Page) => page.evaluate(() => (window as unknown as { speechSeen: Seen }).speechSeen);

/** Signs in and opens the first visit's session record, started, as in a session. */
async function openRecord(phone: PhonePage) {
  await phone.page.goto(`${own.server.url}/`);
  await phone.tapSignIn();
  await phone.tapVisit(0);
  for (const step of ['Je suis en route', 'Je suis sur place', 'Commencer la séance']) await phone.tapNamed('button', new RegExp(`^${step}$`));
  await phone.tapNamed('link', /^Ouvrir le dossier de séance$/);
  await phone.tapNamed('button', /^Commencer le dossier de séance$/);
  await expect(phone.subjective).toBeVisible();
}

const micFor = (page: Page, field: string) => page.getByRole('button', { name: `Dicter : ${field}` });

test('dictated words go in after what was typed, on the device only, and are saved and synced like typing', async ({ page }) => {
  await fakeSpeech(page, 'available');
  const phone = new PhonePage(page);
  await openRecord(phone);
  const visitId = phone.visitId();
  await phone.tap(phone.subjective);
  await phone.subjective.fill('Bas du dos raide.');
  await expect(page.locator('#record-subjective-status')).toHaveText('Enregistré sur cet appareil');

  const mic = micFor(page, 'Subjectif (ce que dit le client)');
  await expect(mic).toHaveAttribute('aria-pressed', 'false');
  await phone.expectTapTargets('session record, with microphones');
  await phone.tap(mic);
  await expect(mic).toHaveAttribute('aria-pressed', 'true');
  const expected = `Bas du dos raide. ${PHRASE}`;
  await expect(phone.subjective).toHaveValue(expected);
  await expect(page.locator('#record-subjective-status')).toHaveText('Enregistré sur cet appareil');
  expect(await phone.storedOnDevice('sessionRecord', visitId, 'subjective')).toBe(expected);
  await expect.poll(() => serverDb(own.dataDir).recordField(visitId, 'subjective'), { timeout: 15_000 }).toBe(expected);

  // A second tap stops listening.
  await phone.tap(mic);
  await expect(mic).toHaveAttribute('aria-pressed', 'false');
  const after = await seen(page);
  expect(after.asked).toContainEqual({ langs: ['fr-CA'], processLocally: true });
  expect(after.started).toEqual([{ processLocally: true, lang: 'fr-CA' }]);
  expect(after.stopped).toBe(1);
  expect(after.cloud).toBe(0);

  // Leaving the button (a tap on another field) stops it too.
  await phone.tap(micFor(page, 'Plan'));
  await expect(micFor(page, 'Plan')).toHaveAttribute('aria-pressed', 'true');
  await phone.tap(phone.plan);
  await expect(micFor(page, 'Plan')).toHaveAttribute('aria-pressed', 'false');
  expect((await seen(page)).stopped).toBe(2);
  await phone.expectFits('session record, with microphones');
});

test('no microphone when the browser cannot recognise French on the device', async ({ page }) => {
  await fakeSpeech(page, 'unavailable');
  const phone = new PhonePage(page);
  await openRecord(phone);
  await expect.poll(async () => (await seen(page)).asked.length).toBeGreaterThan(0);
  await expect(page.getByRole('button', { name: /^Dicter/ })).toHaveCount(0);
  await page.goBack();
  await expect(phone.note).toBeVisible();
  await expect(page.getByRole('button', { name: /^Dicter/ })).toHaveCount(0);
  expect((await seen(page)).cloud).toBe(0);
});

test('no microphone, and never the cloud recogniser, when the browser has no on-device speech API', async ({ page }) => {
  await fakeSpeech(page, 'none');
  const phone = new PhonePage(page);
  await openRecord(phone);
  await expect(page.getByRole('button', { name: /^Dicter/ })).toHaveCount(0);
  await page.goBack();
  await expect(phone.note).toBeVisible();
  await expect(page.getByRole('button', { name: /^Dicter/ })).toHaveCount(0);
  expect((await seen(page)).cloud).toBe(0);
});
