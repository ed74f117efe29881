import { createRequire } from 'node:module';
import type { Locator, Page } from '@playwright/test';
import type { AxeResults, Result } from 'axe-core';

// axe-core's script, read once, run in each page as it is (no @axe-core/playwright: it needs Node 22).
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** The rule sets the app promises to pass: WCAG 2.1 A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** One element a rule found at fault, in words a reader of a test failure can act on. */
export interface AxeFinding {
  rule: string;
  impact: string;
  target: string;
  snippet: string;
  help: string;
}

async function injectAxe(page: Page) {
  // Evaluated through the DevTools protocol, not a <script> tag: the app's
  // Content-Security-Policy (script-src 'self') stays on, as in production.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
}

/**
 * The contrast of an element's text on its own opaque background, with axe's
 * colour maths: for short text that axe leaves unjudged (a map stop's number).
 */
export async function ownContrast(element: Locator): Promise<number> {
  await injectAxe(element.page());
  return element.evaluate((node) => {
    interface Color {
      alpha: number;
      parseString: (css: string) => Color;
    }
    const { color } = (window as unknown as { axe: { commons: { color: { Color: new () => Color; getContrast: (background: Color, foreground: Color) => number } } } }).axe.commons;
    const style = getComputedStyle(node);
    const background = new color.Color().parseString(style.backgroundColor);
    if (background.alpha < 1) throw new Error(`${node.outerHTML.slice(0, 80)} has no opaque background of its own`);
    return color.getContrast(background, new color.Color().parseString(style.color));
  });
}

/** What axe found on a screen: the elements at fault, and text whose contrast it could not measure. */
export interface AxeReport {
  findings: AxeFinding[];
  unmeasured: string[];
}

/**
 * Runs axe on the whole document as it is now, and returns every element at
 * fault (one finding per node, so counts say how many things to fix).
 */
export async function axeReport(page: Page): Promise<AxeReport> {
  // Fonts and lazy chunks settle first: contrast is measured on what is drawn.
  await page.evaluate(() => document.fonts.ready);
  await injectAxe(page);
  const { violations, unmeasured } = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Element | Document, options: object) => Promise<AxeResults> } }).axe;
    const whole = await axe.run(document, { runOnly: tags, resultTypes: ['violations', 'incomplete'] });
    const found = [...whole.violations];
    // axe measures contrast on what is drawn at this scroll position: text under the
    // fixed tab bar or header is left "incomplete". Each is brought to the middle of the
    // screen and measured again, so no text escapes the check by being below the fold.
    // What axe cannot judge at all (a stop's number, the body chart's L and R) is listed
    // for a reader to check by hand; icons (non-text characters) are not text, so left out.
    const unsure = whole.incomplete.filter((result) => result.id === 'color-contrast').flatMap((result) => result.nodes);
    const overlapped = (node: (typeof unsure)[number]) => node.any.some((check) => (check.data as { messageKey?: string } | null)?.messageKey === 'bgOverlap');
    const covered = unsure.filter(overlapped);
    const unmeasured = unsure
      .filter((node) => !overlapped(node) && !node.any.some((check) => (check.data as { messageKey?: string } | null)?.messageKey === 'nonBmp'))
      .map((node) => `${node.target.join(' ')} (${node.any[0]?.message || 'no reason given'})`);
    const scrolled = window.scrollY;
    for (const node of covered) {
      const element = node.target.length === 1 ? document.querySelector(String(node.target[0])) : null;
      if (!element) continue;
      element.scrollIntoView({ block: 'center', behavior: 'instant' });
      const again = await axe.run(element, { runOnly: ['color-contrast'], resultTypes: ['violations', 'incomplete'] });
      found.push(...again.violations);
      if (again.incomplete.length > 0) unmeasured.push(`${String(node.target[0])} (still covered in the middle of the screen)`);
    }
    window.scrollTo({ top: scrolled, behavior: 'instant' });
    return { violations: found, unmeasured };
  }, AXE_TAGS);
  const findings = violations.flatMap((violation: Result) =>
    violation.nodes.map((node) => ({
      rule: violation.id,
      impact: node.impact ?? violation.impact ?? 'unknown',
      target: node.target.map(String).join(' > '),
      snippet: node.html.replace(/\s+/g, ' ').slice(0, 160),
      help: node.failureSummary?.split('\n').slice(1, 2).join('').trim() ?? violation.help,
    })),
  );
  return { findings, unmeasured };
}

/** Findings as lines: rule, impact, target selector, snippet and what to fix. */
export function formatFindings(screen: string, findings: AxeFinding[]): string {
  if (findings.length === 0) return `${screen}: no violations`;
  return [
    `${screen}: ${findings.length} violation${findings.length > 1 ? 's' : ''}`,
    ...findings.map((finding) => `  [${finding.rule}, ${finding.impact}] ${finding.target}\n    ${finding.snippet}\n    ${finding.help}`),
  ].join('\n');
}
