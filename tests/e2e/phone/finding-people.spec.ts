import { expect, test } from '@playwright/test';
import { useOwnServer } from '../support/own-server';
import { PhonePage } from './phone-page';

/**
 * Finding a client on the phone with no network: the list of every client on
 * the device, searched by a name typed without its accents, by phone digits
 * and by street, opening the client's file with how to reach them, and back.
 */
const own = useOwnServer(4396);

test('the client list, offline: search by accentless name, phone digits and street, open the file, go back', async ({ page, context }) => {
  const phone = new PhonePage(page);
  const check = async (screen: string) => {
    await phone.expectFits(screen);
    await phone.expectTapTargets(screen);
  };
  await page.goto(`${own.server.url}/`);
  await phone.tapSignIn();
  await expect(phone.visits).toHaveCount(6);
  await phone.expectSynced();
  await phone.waitForOfflineReady();
  await context.setOffline(true);
  await page.reload();
  await expect(phone.visits).toHaveCount(6);
  await expect(phone.status).toContainText('Hors ligne');

  await phone.tapNamed('link', /^Clients$/);
  await expect(phone.heading).toHaveText('Clients');
  await expect(page.getByRole('link', { name: /^Clients$/ })).toHaveAttribute('aria-current', 'page');
  const list = page.getByRole('list', { name: 'Clients sur cet appareil' });
  const rows = list.getByRole('listitem');
  const names = () => rows.locator('.client-row__name').allTextContents();
  // What a screen reader hears after each search (the sync status in the header is another status).
  const outcome = page.getByRole('main').getByRole('status');
  // Everyone the device holds, by last name as French collates it.
  await expect(rows).toHaveCount(7);
  expect(await names()).toEqual(['Ahmed Benali', 'Gabriel Côté', 'Marie-Ève Gagnon', 'Sophie Lavoie', 'Linda Nguyen', "Margaret O'Brien", 'Jean-François Roy']);
  await expect(outcome).toHaveText('7 clients sur cet appareil');
  await expect(rows.filter({ hasText: 'Marie-Ève Gagnon' })).toContainText('Visite aujourd’hui · Rosemont');
  await expect(rows.filter({ hasText: 'Gabriel Côté' })).toContainText(/Prochaine visite .+ · Hochelaga-Maisonneuve/);
  await check('client list');

  const search = page.getByRole('searchbox', { name: 'Chercher par nom, téléphone ou rue' });
  await phone.tap(search);
  await search.fill('cote');
  await expect(rows).toHaveCount(1);
  expect(await names()).toEqual(['Gabriel Côté']);
  await search.fill('marie eve');
  expect(await names()).toEqual(['Marie-Ève Gagnon']);

  await search.fill('514 555 0163');
  await expect(rows).toHaveCount(1);
  expect(await names()).toEqual(['Sophie Lavoie']);
  await search.fill('(450) 555');
  expect(await names()).toEqual(['Linda Nguyen']);
  await expect(outcome).toHaveText('1 sur 7');

  await search.fill('wellington');
  expect(await names()).toEqual(['Sophie Lavoie']);
  await search.fill('zzz');
  await expect(rows).toHaveCount(0);
  await expect(outcome).toContainText('Aucun client ne correspond à « zzz »');
  await check('client list, no match');

  await search.fill('masson');
  await expect(rows).toHaveCount(1);
  await phone.tap(rows.first().getByRole('link'));
  await expect(phone.heading).toHaveText('Dossier client · Marie-Ève Gagnon');
  const contact = page.getByRole('region', { name: 'Coordonnées' });
  await expect(contact).toContainText('514-555-0142');
  await expect(contact.getByRole('link', { name: 'Appeler Marie-Ève' })).toHaveAttribute('href', 'tel:5145550142');
  await expect(contact.getByRole('link', { name: 'Texto Marie-Ève' })).toHaveAttribute('href', 'sms:5145550142');
  await expect(contact.getByRole('link', { name: 'marie-eve.gagnon@example.com' })).toHaveAttribute('href', 'mailto:marie-eve.gagnon@example.com');
  await expect(contact.locator('address')).toHaveText(/^3245 rue Masson, app\. 2\s*Montréal H1Y 1X9$/);
  // The contact card comes before the timeline: on the first screen.
  expect((await contact.boundingBox())!.y + (await contact.boundingBox())!.height).toBeLessThanOrEqual(780);
  await check('client file, from the list');

  // Back to the list, the search still there.
  await phone.tapNamed('link', /^‹ Tous les clients$/);
  await expect(phone.heading).toHaveText('Clients');
  await expect(search).toHaveValue('masson');
  expect(await names()).toEqual(['Marie-Ève Gagnon']);

  // Opened from a visit, the file leads back to that visit.
  await phone.tapNamed('link', /^Journée$/);
  await phone.tapVisit(0);
  await expect(phone.heading).toHaveText('Marie-Ève Gagnon');
  const visitUrl = page.url();
  await phone.tapNamed('link', /^Dossier client$/);
  await expect(phone.heading).toHaveText('Dossier client · Marie-Ève Gagnon');
  await check('client file, from a visit');
  await phone.tapNamed('link', /^‹ Retour à la visite$/);
  await expect(phone.heading).toHaveText('Marie-Ève Gagnon');
  expect(page.url()).toBe(visitUrl);
  await expect(phone.status).toContainText('Hors ligne');
  console.log(phone.report('Widths on the phone (360 px, fr-CA), finding people:'));
});
