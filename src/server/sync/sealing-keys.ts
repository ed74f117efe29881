import { createDecipheriv, createECDH, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  SEALING_SALT,
  fromBase64url,
  sealedAad,
  sealingInfo,
  type SealedFor,
  type SealedPayload,
  type SealingPublicKey,
} from '../../shared/sealed-outbox';

/** One of the server's key pairs, as kept in the keys file. */
interface KeyPairRecord {
  kid: string;
  createdAt: string;
  /** The P-256 private scalar, base64url. */
  d: string;
  x: string;
  y: string;
}

interface KeysFile {
  /** Newest last: the one devices seal to. Older ones stay to open what devices sealed before a rotation. */
  keys: KeyPairRecord[];
}

/** Why a sealed payload did not open; each becomes that one mutation's refusal. */
export class SealedOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedOpenError';
  }
}

export interface SealingKeys {
  /** The public key devices seal to now. */
  current(): SealingPublicKey;
  /** Opens one payload into the mutation's fields; throws SealedOpenError with a reason a therapist's device can show. */
  open(payload: SealedPayload, to: SealedFor): Record<string, unknown>;
  /** Makes a new current key pair; the old ones keep opening what was sealed to them. */
  rotate(now?: Date): SealingPublicKey;
}

/** Derived AES keys by (key id, ephemeral key): a device uses one ephemeral key for many changes. */
const DERIVED_CACHE_MAX = 2000;

function newKeyPair(now: Date): KeyPairRecord {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  return { kid: `k${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(6).toString('base64url')}`, createdAt: now.toISOString(), d: jwk.d!, x: jwk.x!, y: jwk.y! };
}

function keyring(file: KeysFile, save: (file: KeysFile) => void): SealingKeys {
  const derived = new Map<string, Buffer>();
  const byKid = () => new Map(file.keys.map((key) => [key.kid, key]));
  let index = byKid();

  function aesKey(record: KeyPairRecord, epk: string): Buffer {
    const cacheKey = `${record.kid}|${epk}`;
    const cached = derived.get(cacheKey);
    if (cached) return cached;
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(record.d, 'base64url'));
    let secret: Buffer;
    try {
      secret = ecdh.computeSecret(Buffer.from(fromBase64url(epk)));
    } catch {
      throw new SealedOpenError('The sealed change carries an ephemeral key that is not a P-256 point.');
    }
    const key = Buffer.from(hkdfSync('sha256', secret, SEALING_SALT, sealingInfo(record.kid, epk), 32));
    if (derived.size >= DERIVED_CACHE_MAX) derived.delete(derived.keys().next().value!);
    derived.set(cacheKey, key);
    return key;
  }

  return {
    current() {
      const { kid, x, y } = file.keys.at(-1)!;
      return { kid, jwk: { kty: 'EC', crv: 'P-256', x, y } };
    },
    open(payload, to) {
      const record = index.get(payload.kid);
      if (!record) throw new SealedOpenError(`The change was sealed to a server key this server does not have (${payload.kid}).`);
      const sealed = Buffer.from(fromBase64url(payload.ct));
      if (sealed.length < 16) throw new SealedOpenError('The sealed change is too short to hold its tag.');
      const decipher = createDecipheriv('aes-256-gcm', aesKey(record, payload.epk), Buffer.from(fromBase64url(payload.iv)));
      decipher.setAAD(sealedAad(to));
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
      } catch {
        throw new SealedOpenError('The sealed change does not open: it was altered, or sealed for another change.');
      }
      let fields: unknown;
      try {
        fields = JSON.parse(plain.toString('utf8'));
      } catch {
        throw new SealedOpenError('The sealed change opened, but its content is not JSON.');
      }
      if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw new SealedOpenError('The sealed change opened, but its content is not a set of fields.');
      return fields as Record<string, unknown>;
    },
    rotate(now = new Date()) {
      file = { keys: [...file.keys, newKeyPair(now)] };
      save(file);
      index = byKid();
      return this.current();
    },
  };
}

/**
 * The server's sealing keys, kept in a file of their own in the data
 * directory (mode 0600), created with a first key pair at first start. Not in
 * the database: a copy of the database (a backup, a file handed to an auditor)
 * then never carries the key that opens every phone's outbox, and the key
 * survives a database restored from an older backup. Several servers sharing
 * one database must share this file too.
 */
export function openSealingKeys(path: string, now: Date = new Date()): SealingKeys {
  const save = (file: KeysFile) => {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(file, null, 2), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
  };
  if (!existsSync(path)) {
    const file = { keys: [newKeyPair(now)] };
    save(file);
    return keyring(file, save);
  }
  const file = JSON.parse(readFileSync(path, 'utf8')) as KeysFile;
  if (!Array.isArray(file.keys) || file.keys.length === 0) throw new Error(`${path} holds no sealing key; restore it from a backup (phones hold changes sealed to its keys).`);
  chmodSync(path, 0o600);
  return keyring(file, save);
}

/** Keys in memory only, for tests and tools that run the app without a data directory. */
export function memorySealingKeys(now: Date = new Date()): SealingKeys {
  return keyring({ keys: [newKeyPair(now)] }, () => undefined);
}
