import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layers point one way (DESIGN.md): shared <- client | sw | server.
 * These rules make a wrong-way import fail `npm run lint` instead of a review.
 */
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((group) => ({ group: [group], message })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', '.reports/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  layer(['src/shared/**'], ['**/client/**', '**/server/**', '**/sw/**', 'node:*', 'preact', 'preact/*', 'idb'],
    'src/shared holds no DOM, no Node and no other layer: it is imported by all of them.'),
  layer(['src/client/**'], ['**/server/**', '**/sw/**', 'node:*', 'better-sqlite3', 'hono', 'hono/*'],
    'The client never imports the server or the service worker.'),
  layer(['src/server/**'], ['**/client/**', '**/sw/**', 'preact', 'preact/*', 'idb'],
    'The server never imports the client.'),
  layer(['src/sw/**'], ['**/server/**', '**/client/app/**', '**/client/state/**', 'preact', 'preact/*'],
    'The service worker imports only shared and the DOM-free parts of client/data.'),
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'navigator', 'process', 'Buffer', 'indexedDB'],
    },
  },
);
