import { build } from 'esbuild';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';

/**
 * Biometric unlock in Chromium with a real WebAuthn passkey: Chromium's
 * virtual authenticator (DevTools protocol), platform-attached, with user
 * verification and, or without, the PRF extension.
 */

interface KeyringPage {
  biometricRoundTrip(therapistId: string): Promise<Record<string, unknown>>;
  passkeyWithoutPrf(): Promise<{ passkey: boolean }>;
}

const bundle = build({
  entryPoints: ['tests/e2e/support/keyring-in-page.ts'],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  write: false,
  logLevel: 'warning',
});

async function openWithAuthenticator(page: Page, context: BrowserContext, hasPrf: boolean) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, hasPrf, automaticPresenceSimulation: true },
  });
  const script = (await bundle).outputFiles[0]!.text;
  // Served from the app's origin, under its Content-Security-Policy (WebAssembly for Argon2id).
  await context.route('**/test/keyring-in-page.js', (route) => route.fulfill({ contentType: 'text/javascript', body: script }));
  await page.goto('/api/health');
  await page.addScriptTag({ url: '/test/keyring-in-page.js' });
}

test('a passkey with PRF opens the data key; ten wrong PINs remove it with the PIN', async ({ page, context }) => {
  await openWithAuthenticator(page, context, true);
  const result = await page.evaluate((id) => (globalThis as unknown as KeyringPage).biometricRoundTrip(id), crypto.randomUUID());
  expect(result).toEqual({
    passkey: true,
    outputBytes: 32,
    sameOutput: true,
    sameKey: true,
    extractable: false,
    otherRefused: true,
    lockedOut: true,
    afterLockout: 'BiometricRefusedError',
    requestAfterLockout: null,
  });
});

test('without PRF on the platform there is no biometric unlock, and nothing fails', async ({ page, context }) => {
  await openWithAuthenticator(page, context, false);
  expect(await page.evaluate(() => (globalThis as unknown as KeyringPage).passkeyWithoutPrf())).toEqual({ passkey: false });
});
