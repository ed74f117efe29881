import { createAesCodec } from '../../../src/client/data/aes-codec';
import { plainCodec, type RecordCodec } from '../../../src/client/data/codec';

/** A fresh device data key as the keyring hands it over: AES-GCM 256, not extractable. */
export async function aDataKey(): Promise<CryptoKey> {
  return (await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])) as CryptoKey;
}

/** The codecs a data-layer test runs with: plain (devices before encryption, a locked service worker) and AES-GCM. */
export const CODECS: { name: string; make(): Promise<RecordCodec> }[] = [
  { name: 'plain', make: async () => plainCodec },
  { name: 'AES-GCM', make: async () => createAesCodec(await aDataKey()) },
];
