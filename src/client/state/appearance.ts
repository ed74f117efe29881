import { computed, signal } from '@preact/signals';

/*
 * Appearance and text size are preferences of this device, not of the therapist:
 * a phone used in a dim room and a tablet at the office may differ. They live in
 * localStorage (never synced) and are put on <html> as data attributes before the
 * first render (main.tsx imports this module first), so the screen never flashes
 * in the other theme. The CSP allows no inline script, hence not in index.html.
 */

export type ThemeChoice = 'system' | 'light' | 'dark';
export type TextSizeChoice = 'system' | 'larger' | 'largest';

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
export const TEXT_SIZE_CHOICES: readonly TextSizeChoice[] = ['system', 'larger', 'largest'];

const THEME_KEY = 'tournee.theme';
const TEXT_SIZE_KEY = 'tournee.textSize';

function read<T extends string>(key: string, allowed: readonly T[]): T {
  const stored = localStorage.getItem(key);
  return allowed.find((choice) => choice === stored) ?? allowed[0]!;
}

/** The therapist's choice on this device; 'system' follows the device's setting. */
export const themeChoice = signal<ThemeChoice>(read(THEME_KEY, THEME_CHOICES));
export const textSizeChoice = signal<TextSizeChoice>(read(TEXT_SIZE_KEY, TEXT_SIZE_CHOICES));

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
const systemDark = signal(darkQuery.matches);
darkQuery.addEventListener('change', (event) => (systemDark.value = event.matches));

/** The theme actually shown, for what CSS cannot colour (the signature pad's canvas). */
export const shownTheme = computed<'light' | 'dark'>(() =>
  themeChoice.value === 'system' ? (systemDark.value ? 'dark' : 'light') : themeChoice.value,
);

function apply(): void {
  const root = document.documentElement;
  // No attribute for 'system': the stylesheet's prefers-color-scheme and root size then apply.
  if (themeChoice.value === 'system') delete root.dataset.theme;
  else root.dataset.theme = themeChoice.value;
  if (textSizeChoice.value === 'system') delete root.dataset.textSize;
  else root.dataset.textSize = textSizeChoice.value;
}

function store(key: string, value: string): void {
  if (value === 'system') localStorage.removeItem(key);
  else localStorage.setItem(key, value);
}

export function chooseTheme(choice: ThemeChoice): void {
  store(THEME_KEY, choice);
  themeChoice.value = choice;
  apply();
}

export function chooseTextSize(choice: TextSizeChoice): void {
  store(TEXT_SIZE_KEY, choice);
  textSizeChoice.value = choice;
  apply();
}

apply();

// Another tab of the app changed a preference: follow it.
window.addEventListener('storage', (event) => {
  if (event.key === THEME_KEY) themeChoice.value = read(THEME_KEY, THEME_CHOICES);
  else if (event.key === TEXT_SIZE_KEY) textSizeChoice.value = read(TEXT_SIZE_KEY, TEXT_SIZE_CHOICES);
  else return;
  apply();
});
