import { effect } from '@preact/signals';
import { locale } from './locale';

/*
 * The installed app's name and shortcuts in the therapist's language: the browser
 * reads the manifest the <link> names when it offers to install, so the link
 * follows the app's language (the device's, unless chosen in Settings). The French
 * manifest keeps the stable /manifest.webmanifest name that index.html links first.
 */
const MANIFESTS = { fr: '/manifest.webmanifest', en: '/manifest.en.webmanifest' } as const;

effect(() => {
  const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
  const href = MANIFESTS[locale.value];
  if (link && link.getAttribute('href') !== href) link.setAttribute('href', href);
});
