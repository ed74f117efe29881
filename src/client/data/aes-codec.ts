import type { EntityName, EntityTypes } from '../../shared/protocol';
import { isEnvelope, type RecordCodec, type SealedEnvelope, type SealedFields } from './codec';

/** A value that does not open: sealed for another field, record or kind, altered, or under another key. */
export class UnsealError extends Error {
  constructor(entity: string, id: string, cause?: unknown) {
    super(`The ${entity} ${id} could not be decrypted: it was altered, moved, or sealed with another key`, { cause });
    this.name = 'UnsealError';
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What the ciphertext is bound to: moving it to another field, record or entity makes it fail to open. */
function additionalData(entity: string, id: string, names: string[]): Uint8Array<ArrayBuffer> {
  return encoder.encode(JSON.stringify(['tournee-record/1', entity, id, names]));
}

/**
 * Seals records with AES-GCM under the device's data key (non-extractable,
 * AES-GCM 256, encrypt/decrypt). One envelope per `seal()` call, with a fresh
 * random 96-bit IV, shared by every field of the call; see codec.ts for the
 * stored shape. Plain values of a device from before encryption open as they
 * are, until they are rewritten.
 */
export function createAesCodec(key: CryptoKey): RecordCodec {
  return {
    async seal<E extends EntityName>(entity: E, fields: Partial<EntityTypes[E]>, id: string): Promise<SealedFields> {
      const names = Object.keys(fields);
      if (names.length === 0) return {};
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const plain = encoder.encode(JSON.stringify(fields));
      const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additionalData(entity, id, names) }, key, plain);
      const envelope: SealedEnvelope = { v: 1, iv, ct, f: names };
      return Object.fromEntries(names.map((name) => [name, envelope]));
    },

    async open<E extends EntityName>(entity: E, fields: SealedFields, id: string): Promise<EntityTypes[E]> {
      // Fields of one seal share their envelope: open each envelope once.
      const opened = new Map<SealedEnvelope, Promise<Record<string, unknown>>>();
      const openEnvelope = async (envelope: SealedEnvelope): Promise<Record<string, unknown>> => {
        try {
          const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: envelope.iv, additionalData: additionalData(entity, id, envelope.f) }, key, envelope.ct);
          return JSON.parse(decoder.decode(plain)) as Record<string, unknown>;
        } catch (error) {
          throw new UnsealError(entity, id, error);
        }
      };
      const entries = await Promise.all(
        Object.entries(fields).map(async ([name, value]) => {
          if (!isEnvelope(value)) return [name, value] as const;
          // An envelope sealed for other fields, moved here, must not open as this one.
          if (!value.f.includes(name)) throw new UnsealError(entity, id);
          let group = opened.get(value);
          if (!group) opened.set(value, (group = openEnvelope(value)));
          return [name, (await group)[name]] as const;
        }),
      );
      return Object.fromEntries(entries) as EntityTypes[E];
    },
  };
}
