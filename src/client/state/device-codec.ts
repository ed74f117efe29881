import { createAesCodec } from '../data/aes-codec';
import { plainCodec, type RecordCodec } from '../data/codec';

/** Where a benchmark or browser test hands in a data key until the keyring and lock screen are wired. */
export const TEST_DATA_KEY_GLOBAL = '__tourneeTestDataKey';

/**
 * The codec the workspace seals records with. Until the keyring unlocks a
 * device data key, records stay plain unless a benchmark or a browser test
 * put a key (or a promise of one) on `globalThis[TEST_DATA_KEY_GLOBAL]`
 * before the app started (page.addInitScript).
 */
export async function workspaceCodec(): Promise<RecordCodec> {
  const key = await (globalThis as Record<string, unknown>)[TEST_DATA_KEY_GLOBAL];
  return key instanceof CryptoKey ? createAesCodec(key) : plainCodec;
}
