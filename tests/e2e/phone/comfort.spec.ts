import { expect, test, type Page } from '@playwright/test';
import { useOwnServer } from '../support/own-server';
import { signWithMouse } from '../pages/app-page';
import { PhonePage } from './phone-page';

/**
 * Comfort in a dim room, on the phone (360 × 780, fr-CA): a theme and a text size
 * chosen on this device override the system's and survive a reload; the signature
 * pad follows the theme but stores dark ink; completed visits stay readable; the map
 * says why it is blank and credits OpenStreetMap in French; the installed app is
 * named in the device's language.
 */
const own = useOwnServer(4393);

async function signIn(page: Page): Promise<PhonePage> {
  const phone = new PhonePage(page);
  await page.goto(`${own.server.url}/`);
  await phone.tapSignIn();
  await expect(phone.visits).toHaveCount(6);
  return phone;
}

/** The page's background as [r, g, b], and its relative luminance (WCAG). */
async function background(page: Page): Promise<number> {
  const colour = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  return luminance(parseColour(colour));
}

type Rgba = [number, number, number, number];

function parseColour(css: string): Rgba {
  const parts = css.match(/[\d.]+/g)!.map(Number);
  return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
}

function luminance([r, g, b]: readonly number[]): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
}

function contrast(a: readonly number[], b: readonly number[]): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * For every element of `selector` holding text: its text colour and the colour
 * behind it, as painted, with the backgrounds of its ancestors and any group
 * opacity (a faded card fades its text and its background together) composited.
 */
async function paintedText(page: Page, selector: string): Promise<{ text: string; fg: number[]; bg: number[] }[]> {
  return page.locator(selector).evaluateAll((roots) => {
    const parse = (css: string) => {
      const parts = css.match(/[\d.]+/g)!.map(Number);
      return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1] as const;
    };
    const over = (top: readonly number[], under: number[]) => {
      const alpha = top[3]!;
      return [0, 1, 2].map((i) => top[i]! * alpha + under[i]! * (1 - alpha));
    };
    const mix = (colour: number[], backdrop: number[], opacity: number) => [0, 1, 2].map((i) => colour[i]! * opacity + backdrop[i]! * (1 - opacity));
    const found: { text: string; fg: number[]; bg: number[] }[] = [];
    for (const root of roots) {
      for (const element of [root, ...Array.from(root.querySelectorAll('*'))]) {
        const ownText = Array.from(element.childNodes)
          .filter((node) => node.nodeType === Node.TEXT_NODE)
          .map((node) => node.textContent ?? '')
          .join('')
          .trim();
        if (!ownText) continue;
        const chain: Element[] = [];
        for (let at: Element | null = element; at; at = at.parentElement) chain.unshift(at);
        let colour = [255, 255, 255];
        const groups: { backdrop: number[]; opacity: number }[] = [];
        for (const at of chain) {
          const style = getComputedStyle(at);
          const opacity = Number(style.opacity);
          if (opacity < 1) groups.push({ backdrop: colour, opacity });
          colour = over(parse(style.backgroundColor), colour);
        }
        let fg = over(parse(getComputedStyle(element).color), colour);
        let bg = colour;
        for (const group of groups.reverse()) {
          fg = mix(fg, group.backdrop, group.opacity);
          bg = mix(bg, group.backdrop, group.opacity);
        }
        found.push({ text: ownText.slice(0, 40), fg, bg });
      }
    }
    return found;
  });
}

test('a theme chosen in Settings overrides the system both ways, and a reload keeps it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const phone = await signIn(page);
  expect(await background(page), 'light system, no choice: light').toBeGreaterThan(0.5);

  await page.goto(`${own.server.url}/settings`);
  await phone.tap(page.getByRole('radio', { name: 'Sombre' }));
  expect(await background(page), 'dark chosen over a light system').toBeLessThan(0.05);
  await page.reload();
  await expect(phone.heading).toHaveText('Réglages');
  expect(await background(page), 'dark kept after a reload').toBeLessThan(0.05);
  await expect(page.getByRole('radio', { name: 'Sombre' })).toBeChecked();

  await page.emulateMedia({ colorScheme: 'dark' });
  await phone.tap(page.getByRole('radio', { name: 'Claire' }));
  expect(await background(page), 'light chosen over a dark system').toBeGreaterThan(0.5);
  await page.reload();
  await expect(phone.heading).toHaveText('Réglages');
  expect(await background(page), 'light kept after a reload').toBeGreaterThan(0.5);

  await phone.tap(page.getByRole('radio', { name: 'Comme cet appareil' }).nth(1));
  expect(await background(page), 'system again: the dark system').toBeLessThan(0.05);
});

test('the map in dark: controls in the theme, the blank background explained, OpenStreetMap credited in French', async ({ page, context }) => {
  // Tiles fail while the phone is online (a tile server down or blocked).
  await context.route('https://tile.openstreetmap.org/**', (route) => route.abort('connectionrefused'));
  await page.emulateMedia({ colorScheme: 'dark' });
  await signIn(page);
  await page.goto(`${own.server.url}/map`);
  await expect(page.locator('.map')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Le fond de carte n’a pas pu être chargé depuis le serveur de cartes' })).toBeVisible();
  await expect(page.locator('.leaflet-control-attribution')).toContainText('© les contributeurs d’OpenStreetMap');

  const zoomIn = page.locator('a.leaflet-control-zoom-in');
  const [zoomBg, zoomFg] = await zoomIn.evaluate((element) => [getComputedStyle(element).backgroundColor, getComputedStyle(element).color]);
  expect(luminance(parseColour(zoomBg)), 'the zoom button is dark in the dark theme').toBeLessThan(0.05);
  expect(contrast(parseColour(zoomFg), parseColour(zoomBg))).toBeGreaterThanOrEqual(4.5);
  for (const { text, fg, bg } of await paintedText(page, '.leaflet-control-attribution')) {
    expect(contrast(fg, bg), `attribution “${text}”`).toBeGreaterThanOrEqual(4.5);
  }
});

for (const scheme of ['light', 'dark'] as const) {
  test(`completed visit cards keep 4.5:1 contrast (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const phone = await signIn(page);
    // The demo's earlier days are done.
    await phone.tapNamed('link', /Jour précédent/);
    await expect(page.locator('.visit-card[data-status="completed"]').first()).toBeVisible();
    const painted = await paintedText(page, '.visit-card[data-status="completed"]');
    expect(painted.length).toBeGreaterThan(3);
    const ratios = painted.map(({ text, fg, bg }) => ({ text, ratio: Math.round(contrast(fg, bg) * 100) / 100 }));
    const lowest = ratios.reduce((low, entry) => (entry.ratio < low.ratio ? entry : low));
    console.log(`Completed card, ${scheme}: lowest contrast ${lowest.ratio}:1 (“${lowest.text}”)`);
    expect(ratios.filter((entry) => entry.ratio < 4.5)).toEqual([]);
  });
}

test('the largest text size grows the root font, survives a reload, and every screen still fits', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 780 });
  const phone = await signIn(page);
  const rootSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const standard = await rootSize();
  await page.goto(`${own.server.url}/settings`);
  await phone.tap(page.getByRole('radio', { name: 'La plus grande' }));
  expect(await rootSize()).toBeGreaterThanOrEqual(standard * 1.29);
  await page.reload();
  await expect(phone.heading).toHaveText('Réglages');
  expect(await rootSize(), 'kept after a reload').toBeGreaterThanOrEqual(standard * 1.29);
  await phone.expectFits('settings, largest text');

  await page.goto(`${own.server.url}/`);
  await expect(phone.visits).toHaveCount(6);
  await phone.expectFits('day, largest text');
  const ids = await phone.visitIds();
  await page.goto(`${own.server.url}/visits/${ids[0]}`);
  await expect(phone.heading).toHaveText('Marie-Ève Gagnon');
  await phone.expectFits('visit, largest text');
  await phone.tapNamed('link', /^Ouvrir le dossier de séance$/);
  await phone.tapNamed('button', /^Commencer le dossier de séance$/);
  await expect(phone.subjective).toBeVisible();
  await phone.expectFits('session record, largest text');
});

test('the signature pad is dark in the dark theme, and the signature is stored in dark ink', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  page.on('dialog', (dialog) => void dialog.accept());
  const phone = await signIn(page);
  await phone.tapVisit(3);
  await phone.tapNamed('link', /^Dossier client$/);
  await phone.tapNamed('link', /^Remplir la fiche santé$/);
  const canvas = page.locator('canvas.signature__canvas');
  await canvas.scrollIntoViewIfNeeded();
  const corner = await canvas.evaluate((element: HTMLCanvasElement) => Array.from(element.getContext('2d')!.getImageData(2, 2, 1, 1).data));
  expect(luminance(corner), 'the pad’s background is dark').toBeLessThan(0.05);

  await signWithMouse(page);
  await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
  await expect(phone.heading).toHaveText("Dossier client · Margaret O'Brien");
  const src = (await page.locator('img.signature-image').getAttribute('src'))!;
  const svg = Buffer.from(src.replace('data:image/svg+xml;base64,', ''), 'base64').toString('utf8');
  expect(svg).toContain('stroke="#1c2526"');
  expect(svg).not.toContain('#e8eeee');
});

test('the text link to the client is named by its visible words', async ({ page }) => {
  const phone = await signIn(page);
  await phone.tapVisit(0);
  const link = page.locator('a[href^="sms:"]').filter({ hasText: /arrivée vers/ });
  const visible = (await link.textContent())!.trim();
  await expect(link).toHaveAccessibleName(new RegExp(`^${visible.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} : texto à Marie-Ève Gagnon$`));
});

for (const [locale, href, name, shortcut] of [
  ['fr-CA', '/manifest.webmanifest', 'Tournée — visites à domicile', 'Aujourd’hui'],
  ['en-CA', '/manifest.en.webmanifest', 'Tournée — home visits', 'Today'],
] as const) {
  test.describe(`a device in ${locale}`, () => {
    test.use({ locale });
    test(`links the ${locale} manifest: the installed app is named “${name}”`, async ({ page }) => {
      await page.goto(`${own.server.url}/`);
      const link = page.locator('link[rel="manifest"]');
      await expect(link).toHaveAttribute('href', href);
      const manifest = await page.evaluate(async () => (await fetch(document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!.href)).json());
      expect(manifest.name).toBe(name);
      expect(manifest.shortcuts[0].name).toBe(shortcut);
    });
  });
}
