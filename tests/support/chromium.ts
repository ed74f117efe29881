/**
 * Debian's Chromium as every browser run here starts it (Playwright's tests, the
 * benchmarks): never a downloaded browser. Without the background-networking
 * flags, Chromium's own calls to Google are refused by this machine's closed
 * network, many at a time.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};
