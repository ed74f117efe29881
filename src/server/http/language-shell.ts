import type { Locale } from '../../shared/domain';

/** The built catalogs: Vite names a chunk after its module (src/client/i18n/messages-fr.ts). */
const CATALOG_CHUNK = /^\/assets\/messages-(fr|en)-[\w-]+\.js$/;

/**
 * The app shell (index.html) once per language, each naming its language's
 * catalog for preloading. The app loads one language only, and only once its
 * code runs (i18n/messages.ts); on a first visit that was one more round trip
 * before the first paint. The server knows the browser's languages
 * (Accept-Language), so which catalog the app will ask for: the shell asks
 * for it at once, beside the app's own chunks. Null when the build has no
 * such chunks.
 */
export function shellsByLanguage(indexHtml: string, servedPaths: Iterable<string>): Record<Locale, string> | null {
  const chunks: Partial<Record<Locale, string>> = {};
  for (const path of servedPaths) {
    const match = CATALOG_CHUNK.exec(path);
    if (match) chunks[match[1] as Locale] = path;
  }
  if (!chunks.fr || !chunks.en || !indexHtml.includes('</head>')) return null;
  const shell = (href: string) => indexHtml.replace('</head>', `  <link rel="modulepreload" crossorigin href="${href}">\n  </head>`);
  return { fr: shell(chunks.fr), en: shell(chunks.en) };
}
