import type { Locale } from '../../shared/domain';

/** Chunks the shell may name for preloading. Vite names a chunk after its module. */
const CATALOG_CHUNK = /^\/assets\/messages-(fr|en)-[\w-]+\.js$/;
const SIGN_IN_CHUNK = /^\/assets\/SignIn-[\w-]+\.js$/;

export type ShellKey = `${Locale}` | `${Locale}+sign-in`;

/**
 * The app shell (index.html) per language, and per whether the browser comes
 * signed in, each naming for preloading what the app will fetch before its
 * first paint. The app loads one language only, and the sign-in screen only
 * when nobody is signed in, both once its code runs: on a first visit, one
 * more round trip before anything shows. The server knows the browser's
 * languages (Accept-Language) and whether it holds a session cookie, so the
 * shell asks for those chunks at once, beside the app's own. Null when the
 * build has no such chunks.
 */
export function appShells(indexHtml: string, servedPaths: Iterable<string>): Record<ShellKey, string> | null {
  const catalogs: Partial<Record<Locale, string>> = {};
  let signIn: string | undefined;
  for (const path of servedPaths) {
    const catalog = CATALOG_CHUNK.exec(path);
    if (catalog) catalogs[catalog[1] as Locale] = path;
    if (SIGN_IN_CHUNK.test(path)) signIn = path;
  }
  if (!catalogs.fr || !catalogs.en || !signIn || !indexHtml.includes('</head>')) return null;
  const shell = (...hrefs: string[]) =>
    indexHtml.replace('</head>', `${hrefs.map((href) => `  <link rel="modulepreload" crossorigin href="${href}">\n`).join('')}  </head>`);
  return {
    fr: shell(catalogs.fr),
    en: shell(catalogs.en),
    'fr+sign-in': shell(catalogs.fr, signIn),
    'en+sign-in': shell(catalogs.en, signIn),
  };
}
