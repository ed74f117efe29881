import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // scrypt at production cost takes ~0.3 s per sign-in.
    testTimeout: 20_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/vitest.json' },
    projects: [
      {
        extends: true,
        test: { name: 'today', include: ['src/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        // The same tests with the wall clock a year ahead: no test may depend on today's date.
        extends: true,
        test: {
          name: 'year-ahead',
          include: ['src/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/support/clock-a-year-ahead.ts'],
        },
      },
    ],
  },
});
