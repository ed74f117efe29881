import { expect, type Locator, type Page } from '@playwright/test';
import { AppPage } from '../pages/app-page';

/** How wide a screen turned out: the document, and the element reaching furthest right. */
export interface Fit {
  screen: string;
  viewport: number;
  scrollWidth: number;
  widestRight: number;
  widestElement: string;
}

/** Text roughly twice as large: the app's root size is 17 px, so 34 px on the root element. */
export const DOUBLE_TEXT = '34px';

/**
 * The app as a therapist sees it on a phone: taps rather than clicks, and on
 * every screen a check that nothing pans sideways. Reuses AppPage for the rest.
 */
export class PhonePage extends AppPage {
  readonly fits: Fit[] = [];

  constructor(page: Page) {
    super(page);
  }

  /** From now on every page load starts with the root text at `size` (e.g. DOUBLE_TEXT). */
  async useTextSize(size: string) {
    // The root element is only there once the document is parsed.
    await this.page.addInitScript((fontSize) => {
      document.addEventListener('DOMContentLoaded', () => {
        document.documentElement.style.fontSize = fontSize;
      });
    }, size);
  }

  async tap(target: Locator) {
    await target.scrollIntoViewIfNeeded();
    await target.tap();
  }

  /** Taps a button or link by its visible name, in either language. */
  async tapNamed(role: 'button' | 'link', name: RegExp) {
    await this.tap(this.page.getByRole(role, { name }));
  }

  async tapSignIn(email = 'therapist@example.com', password = 'massage-demo') {
    await this.page.getByLabel(/^(Email|Courriel)$/).fill(email);
    await this.page.getByLabel(/^(Password|Mot de passe)$/).fill(password);
    await this.tapNamed('button', /^(Sign in|Se connecter)$/);
  }

  async tapVisit(index: number) {
    await this.tap(this.visits.nth(index).getByRole('link'));
  }

  /** The visit ids of the day shown, in order, from their links. */
  async visitIds(): Promise<string[]> {
    const hrefs = await this.visits.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    return hrefs.map((href) => href.split('/')[2]!);
  }

  /** Measures how wide the screen is now, without asserting. */
  async measure(screen: string): Promise<Fit> {
    // Fonts and lazy chunks settle before measuring.
    await this.page.evaluate(() => document.fonts.ready);
    // The phone's width as configured: with mobile emulation, a page that overflows can
    // widen window.innerWidth (the browser zooms out to show it), so that is not the yardstick.
    const viewport = this.page.viewportSize()!.width;
    const measured = await this.page.evaluate((innerWidthLimit) => {
      let widestRight = 0;
      let widestElement = '';
      // What an ancestor clips (the map's tiles, a scrolling strip) does not widen the page.
      const visibleRight = (element: Element) => {
        let right = element.getBoundingClientRect().right;
        for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
          if (getComputedStyle(parent).overflowX !== 'visible') right = Math.min(right, parent.getBoundingClientRect().right);
        }
        return right;
      };
      for (const element of Array.from(document.body.querySelectorAll('*'))) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        const right = visibleRight(element);
        if (right > widestRight) {
          widestRight = right;
          const name = element.tagName.toLowerCase();
          const classes = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
          const text = (element.textContent ?? '').trim().slice(0, 30);
          widestElement = `${name}${classes} “${text}”`;
        }
      }
      // The culprits: elements past the edge none of whose children are (a fixed bar
      // stretched by the page is a symptom, not a cause).
      const past = Array.from(document.body.querySelectorAll('*')).filter((element) => visibleRight(element) > innerWidthLimit + 0.5);
      const culprits = past
        .filter((element) => !past.some((other) => other !== element && element.contains(other)))
        .slice(0, 3)
        .map((element) => `${element.tagName.toLowerCase()}${typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : ''} “${(element.textContent ?? '').trim().slice(0, 30)}” to ${Math.round(visibleRight(element))}`);
      if (culprits.length > 0) widestElement = culprits.join('; ');
      return { innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, widestRight: Math.round(widestRight * 10) / 10, widestElement };
    }, viewport);
    const fit = { screen, viewport, scrollWidth: Math.max(measured.scrollWidth, measured.innerWidth), widestRight: measured.widestRight, widestElement: measured.widestElement };
    this.fits.push(fit);
    return fit;
  }

  /** The screen is no wider than the phone: no sideways scroll, no element past the right edge. */
  async expectFits(screen: string) {
    const fit = await this.measure(screen);
    expect(fit.scrollWidth, `${screen}: document width`).toBeLessThanOrEqual(fit.viewport);
    expect(fit.widestRight, `${screen}: ${fit.widestElement} reaches past the right edge`).toBeLessThanOrEqual(fit.viewport + 0.5);
  }

  /** The day's date buttons hold their labels: none runs past its own border. */
  async expectDateButtonsFit() {
    const buttons = this.page.locator('.day__nav .button');
    for (const button of await buttons.all()) {
      const { scrollWidth, clientWidth, text } = await button.evaluate((element) => ({ scrollWidth: element.scrollWidth, clientWidth: element.clientWidth, text: element.textContent }));
      expect.soft(scrollWidth, `“${text}” runs past its border`).toBeLessThanOrEqual(clientWidth);
    }
  }

  /** Every control a finger aims at is at least 44 px tall and wide (links inside prose aside). */
  async expectTapTargets(screen: string) {
    const small = await this.page.evaluate(() =>
      Array.from(document.querySelectorAll('button, .button, input:not([type=checkbox]):not([type=radio]), select, textarea, .choice, .tab-bar__item, .back-link'))
        .filter((element) => {
          const box = element.getBoundingClientRect();
          if (box.width === 0 || box.height === 0 || getComputedStyle(element).visibility === 'hidden') return false;
          // A control drawn under its label (the pain scale's radios) is reached through the label.
          if ((element as HTMLElement).closest('.pain__score')) return false;
          return box.height < 44 || box.width < 44;
        })
        .map((element) => `${element.tagName.toLowerCase()} “${(element.textContent || element.getAttribute('aria-label') || element.getAttribute('name') || '').trim().slice(0, 30)}” ${Math.round(element.getBoundingClientRect().width)}×${Math.round(element.getBoundingClientRect().height)}`),
    );
    expect(small, `${screen}: tap targets under 44 px`).toEqual([]);
  }

  /**
   * Draws a stroke with a finger (real touch events, not a mouse), at a finger's pace:
   * a move a frame, and the finger at rest before it lifts. Twelve moves sent back to back
   * and released at speed are a flick: Chromium then swallows the next tap for about half a
   * second (a tap that stops a fling is not a click), so "Enregistrer la fiche" tapped
   * right after such a stroke never submitted.
   */
  async drawWithFinger(target: Locator) {
    // Touch points are in the viewport: the pad must be on screen first.
    await target.scrollIntoViewIfNeeded();
    const box = (await target.boundingBox())!;
    const cdp = await this.page.context().newCDPSession(this.page);
    const point = (step: number) => ({ x: box.x + 20 + step * (box.width - 40) / 12, y: box.y + box.height / 2 - Math.sin(step) * box.height / 4 });
    const frame = () => new Promise((resolve) => setTimeout(resolve, 16));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point(0)] });
    for (let step = 1; step <= 12; step++) {
      await frame();
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point(step)] });
    }
    for (let still = 0; still < 6; still++) {
      await frame();
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point(12)] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }

  /** The widths measured so far, one line a screen, for the test's output. */
  report(title: string): string {
    const lines = this.fits.map((fit) => `  ${fit.screen.padEnd(28)} ${String(fit.scrollWidth).padStart(4)} px (viewport ${fit.viewport}; widest element to ${fit.widestRight}: ${fit.widestElement})`);
    return [`${title}`, ...lines].join('\n');
  }
}
