import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { AppPage, openSignedIn } from '../pages/app-page';
import { serverDb } from '../support/server-db';
import { axeReport, ownContrast, formatFindings, type AxeFinding } from '../support/axe';
import { useOwnServer } from '../support/own-server';
import { PhonePage } from './phone-page';

/**
 * axe-core on every screen of the phone, in French and in English, each screen
 * checked in light and in dark: WCAG 2.1 A/AA and best practices, zero violations.
 * The counts per screen are printed; a failure lists each element at fault.
 */
const own = useOwnServer(4393);

// Any PNG will do as a tile: the map is checked without a request leaving the machine.
const TILE = readFileSync('public/icons/icon-192.png');

const SCHEMES = ['light', 'dark'] as const;

for (const locale of ['fr-CA', 'en-CA'] as const) {
  test.describe(locale, () => {
    test.use({ locale });
    test(`every screen has no axe violation, light and dark, ${locale}`, async ({ browser, page, context }) => {
      test.setTimeout(180_000);
      page.on('dialog', (dialog) => void dialog.accept());
      await context.route('https://tile.openstreetmap.org/**', (route) =>
        route.fulfill({ status: 200, contentType: 'image/png', body: TILE, headers: { 'access-control-allow-origin': '*' } }),
      );
      const phone = new PhonePage(page);
      const found = new Map<string, AxeFinding[]>();
      const check = async (screen: string) => {
        for (const colorScheme of SCHEMES) {
          await page.emulateMedia({ colorScheme });
          const report = await axeReport(page);
          found.set(`${screen} (${colorScheme})`, report.findings);
          // Text axe could not measure even in the middle of the screen: printed, for a reader to judge.
          if (report.unmeasured.length > 0) console.log(`${screen} (${colorScheme}): contrast not measured for ${report.unmeasured.join('; ')}`);
        }
        await page.emulateMedia({ colorScheme: 'light' });
      };

      await page.goto(`${own.server.url}/`);
      await expect(page.getByLabel(/^(Email|Courriel)$/)).toBeVisible();
      await check('sign-in');
      await phone.tapSignIn('therapist@example.com', 'not-the-password');
      await expect(page.getByText(/^(The email or the password is wrong\.|Le courriel ou le mot de passe est incorrect\.)$/)).toBeVisible();
      await check('sign-in, refused');
      await phone.tapSignIn();
      await expect(phone.visits).toHaveCount(6);
      await check('day');
      const ids = await phone.visitIds();
      await context.setOffline(true);
      await expect(phone.status).toContainText(/^(Offline|Hors ligne)/);
      await check('day, offline');
      await context.setOffline(false);
      await expect(phone.status).toContainText(/(Synced|Synchronisé)/);

      // The first day after the demo day with no visit (the seed fills only some days).
      const empty = page.getByText(/^(No home visits this day\.|Aucune visite à domicile ce jour-là\.)$/);
      for (let day = 1; day <= 13 && !(await empty.isVisible()); day++) {
        const shown = await phone.heading.textContent();
        await phone.tapNamed('link', /^(Next day|Jour suivant)/);
        await expect(phone.heading).not.toHaveText(shown ?? '');
        await expect(phone.visits.first().or(empty)).toBeVisible();
      }
      await expect(empty).toBeVisible();
      await check('day, empty');

      await page.goto(`${own.server.url}/visits/${ids[0]}`);
      await expect(phone.heading).toHaveText('Marie-Ève Gagnon');
      await check('visit, before arrival');
      for (const step of [/^(I’m on my way|Je suis en route)$/, /^(I’ve arrived|Je suis sur place)$/, /^(Start the session|Commencer la séance)$/]) {
        await phone.tapNamed('button', step);
      }
      await expect(page.getByText(/^(Session started at|Séance commencée à) /)).toBeVisible();
      await check('visit, in session');

      await phone.tapNamed('link', /^(Open the session record|Ouvrir le dossier de séance)$/);
      await phone.tapNamed('button', /^(Start the session record|Commencer le dossier de séance)$/);
      await expect(phone.subjective).toBeVisible();
      await phone.subjective.fill('Bas du dos raide au réveil.');
      await check('session record');

      // The body chart's choice of mark, open on a region, then the region marked.
      const chart = page.locator('figure.body-chart');
      await phone.tap(chart.getByRole('button', { name: /^(Front|Face), (right shoulder|épaule droite)$/ }));
      const chooser = page.getByRole('group', { name: /^(Mark: Front|Noter : Face), (right shoulder|épaule droite)$/ });
      await expect(chooser).toBeVisible();
      await check('session record, choosing a mark');
      await phone.tap(chooser.getByRole('button', { name: /^(Pain|Douleur)$/ }));
      await expect(chart.getByRole('listitem')).toHaveCount(1);
      await check('session record, a region marked');

      // A conflict: another device changes the subjective note while this phone, offline, changes it too.
      const server = serverDb(own.dataDir);
      await expect.poll(() => server.recordField(ids[0]!, 'subjective')).toBe('Bas du dos raide au réveil.');
      await context.setOffline(true);
      await phone.subjective.fill('Raideur lombaire le matin.');
      const tablet = await openSignedIn(browser, own.server.url, { locale });
      await tablet.page.goto(`/visits/${ids[0]}`);
      await tablet.app.openSessionRecord();
      await tablet.app.subjective.fill('Tablette : nuque tendue.');
      await tablet.app.subjective.blur();
      await expect.poll(() => server.recordField(ids[0]!, 'subjective')).toBe('Tablette : nuque tendue.');
      await tablet.context.close();
      await context.setOffline(false);
      await expect(page.getByRole('region', { name: /(was changed on another device|a été modifié sur un autre appareil)$/ })).toBeVisible({ timeout: 20_000 });
      await check('session record, a conflict');

      // Yesterday's record for Ahmed Benali, signed: the confirmation, then the locked fields.
      await page.goto(`${own.server.url}/`);
      await phone.tapNamed('link', /^‹?\s*(Previous day|Jour précédent)/);
      await expect(phone.visits).toHaveCount(3);
      await phone.tapVisit(1);
      await phone.tapNamed('link', /^(Open the session record|Ouvrir le dossier de séance)$/);
      await phone.tapNamed('button', /^(Start the session record|Commencer le dossier de séance)$/);
      await phone.plan.fill('Étirements des trapèzes chaque jour');
      await phone.tap(phone.signButton);
      await expect(phone.confirmSignButton).toBeVisible();
      await check('session record, signing?');
      await phone.tap(phone.confirmSignButton);
      await expect(phone.signedNotice).toBeVisible();
      await check('session record, signed');

      // Today's record for him, started from that one: copied fields marked, signing refused at the field.
      await page.goto(`${own.server.url}/visits/${ids[5]}`);
      await phone.tapNamed('link', /^(Open the session record|Ouvrir le dossier de séance)$/);
      await phone.tapNamed('button', /^(Start from the last session|Partir de la dernière séance)/);
      await expect(page.locator('[data-copied]').first()).toBeVisible();
      await check('session record, copied fields');
      await phone.tap(phone.signButton);
      await expect(page.locator('[data-copied]').first().getByRole('alert')).toBeVisible();
      await check('session record, copied fields unread');

      await page.goto(`${own.server.url}/visits/${ids[0]}`);
      await phone.tapNamed('button', /^(End the session|Terminer la séance)$/);
      await expect(page.getByRole('button', { name: /^(Yes, end the session|Oui, terminer la séance)$/ })).toBeVisible();
      await check('visit, ending the session?');
      await phone.tapNamed('button', /^(Yes, end the session|Oui, terminer la séance)$/);
      await expect(page.getByText(/^(Finished at|Terminée à) /)).toBeVisible();
      await page.getByLabel(/^(Amount before taxes|Montant avant taxes) \(\$\)$/).fill('95');
      await check('visit, completed');
      await phone.tapNamed('button', /^(Issue the receipt|Émettre le reçu)$/);
      await phone.tapNamed('link', /^(View and print the receipt|Voir et imprimer le reçu)$/);
      await expect(page.locator('article.receipt')).toContainText(/Nº 00001/, { timeout: 15_000 });
      await check('receipt');

      await page.goto(`${own.server.url}/`);
      await expect(phone.visits).toHaveCount(6);
      await check('day, a visit completed');

      await page.goto(`${own.server.url}/visits/${ids[3]}`);
      await expect(phone.heading).toHaveText("Margaret O'Brien");
      await check('visit, no intake');
      await phone.tapNamed('link', /^(Client file|Dossier client)$/);
      await expect(phone.heading).toContainText("Margaret O'Brien");
      await check('client file');
      await phone.tapNamed('link', /^(Fill in the intake|Remplir la fiche santé)$/);
      await expect(page.locator('canvas.signature__canvas')).toBeVisible();
      await check('intake');
      // Ticked, "Pregnant" asks for the weeks; saving without a signature is refused.
      await phone.tap(page.getByRole('checkbox', { name: /^(Pregnant|Enceinte)$/ }));
      await expect(page.getByLabel(/^(Weeks of pregnancy|Semaines de grossesse)$/)).toBeVisible();
      await phone.tapNamed('button', /^(Save the intake|Enregistrer la fiche)$/);
      await expect(page.getByText(/^(The client’s name and signature are needed for consent\.|Le nom et la signature du client sont requis pour le consentement\.|Enter the weeks of pregnancy|Indiquez les semaines)/).first()).toBeVisible();
      await check('intake, refused');
      await phone.drawWithFinger(page.locator('canvas.signature__canvas'));
      await check('intake, signed by finger');

      await page.goto(`${own.server.url}/settings`);
      await expect(phone.heading).toHaveText(/^(Settings|Réglages)$/);
      await check('settings');

      await page.goto(`${own.server.url}/map`);
      await expect(page.locator('.stop-marker')).toHaveCount(6);
      await check('map');
      // axe leaves one-digit text unjudged: each stop's number is measured on its own disc.
      for (const marker of await page.locator('.stop-marker').all()) {
        const status = (await marker.getAttribute('class'))?.match(/stop-marker--\w+/)?.[0] ?? 'stop-marker';
        expect.soft(await ownContrast(marker), `${status}: contrast of the stop’s number`).toBeGreaterThanOrEqual(4.5);
      }
      await phone.tap(page.getByRole('button', { name: /^(Stop 3: |Arrêt 3 : )Linda Nguyen$/ }));
      await expect(page.getByRole('heading', { name: '3. Linda Nguyen' })).toBeVisible();
      await check('map, a stop open');

      // The lock: Settings' form, the lock screen, a wrong PIN, the password and a new PIN.
      const app = new AppPage(page);
      await app.openSettings();
      await check('settings, lock off');
      await app.turnLockOn('482913');
      await check('settings, lock on');
      await app.lockNow();
      await check('lock screen');
      await app.unlockWithPin('000000');
      await expect(page.getByRole('alert')).toBeVisible();
      await check('lock screen, wrong PIN');
      await phone.tapNamed('button', /^(Forgot your PIN\? Use your password|NIP oublié \? Utiliser le mot de passe)$/);
      await check('lock screen, password and a new PIN');

      const counts = [...found].map(([screen, findings]) => `  ${screen.padEnd(44)} ${findings.length}`);
      console.log([`axe violations per screen, ${locale}:`, ...counts].join('\n'));
      const failures = [...found].filter(([, findings]) => findings.length > 0).map(([screen, findings]) => formatFindings(screen, findings));
      expect(failures, failures.join('\n\n')).toEqual([]);
    });
  });
}
