import { describe, expect, it } from 'vitest';
import type { Amendment, Conflict } from '../../shared/domain';
import { uuidv7 } from '../../shared/ids';
import type { EntityName, EntityTypes } from '../../shared/protocol';
import { composeReceipt } from '../../shared/receipt-rules';
import { aClient, aSessionRecord, aTherapist, aVisit, anIntake } from '../../shared/testing/fixtures';
import { UnsealError, createAesCodec } from './aes-codec';
import { SealedWithoutKeyError, isEnvelope, plainCodec, type SealedEnvelope, type SealedFields } from './codec';

const newKey = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']) as Promise<CryptoKey>;

const therapist = aTherapist({ name: 'Sophie Tremblay-Probe' });
const client = aClient({ lastName: 'Gagnon-Probe', phone: '514-555-0199', access: { buzzer: 'Code de porte 4521#', parking: '', stairs: '', pets: '', othersPresent: '', risks: '' } });
const visit = aVisit(therapist.id, client.id, { therapistNote: 'Entorse lombaire probe' });
const intake = anIntake(client.id, therapist.id, { medications: 'Apixaban-Probe 5 mg' });
const sessionRecord = aSessionRecord(visit, { subjective: 'Douleur lombaire depuis lundi' });
const amendment: Amendment = { id: uuidv7(), recordId: sessionRecord.id, clientId: client.id, therapistId: therapist.id, createdAt: new Date().toISOString(), reason: 'Oubli', text: 'Ajout: anticoagulant' };
const conflict: Conflict = {
  id: uuidv7(),
  therapistId: therapist.id,
  entity: 'visit',
  recordId: visit.id,
  field: 'therapistNote',
  keptValue: 'Texte perdu',
  keptHlc: 'a',
  winningValue: 'Texte gagnant',
  winningHlc: 'b',
  createdAt: new Date().toISOString(),
  resolved: false,
};
const receipt = composeReceipt(uuidv7(), { visitId: visit.id, amountCents: 9500, paymentMethod: 'cash', language: 'fr', recipientName: 'Jean Gagnon' }, { visit, client, therapist }, new Date());

const EVERY_ENTITY: { [E in EntityName]: EntityTypes[E] } = { therapist, client, visit, conflict, intake, sessionRecord, amendment, receipt };

/** Every string a sealed record holds, as stored (what a disk would see). */
function visibleText(sealed: SealedFields): string {
  return JSON.stringify(Object.values(sealed).filter((value) => !isEnvelope(value))) + Object.values(sealed).filter(isEnvelope).map((e) => new TextDecoder().decode(e.ct)).join('');
}

describe('the AES-GCM record codec', () => {
  it.each(Object.keys(EVERY_ENTITY) as EntityName[])('seals every field of a %s and opens it back as it was, with nothing readable in what it stores', async (entity) => {
    const codec = createAesCodec(await newKey());
    const record = EVERY_ENTITY[entity];
    const sealed = await codec.seal(entity, record, record.id);
    expect(Object.keys(sealed).sort()).toEqual(Object.keys(record).sort());
    expect(Object.values(sealed).every(isEnvelope)).toBe(true);
    for (const probe of ['Gagnon-Probe', 'Apixaban-Probe', 'Entorse lombaire', '4521', 'Tremblay-Probe', 'Douleur']) expect(visibleText(sealed)).not.toContain(probe);
    expect(await codec.open(entity, sealed, record.id)).toEqual(record);
  });

  it('seals a partial change, and a record whose fields come from several seals opens field by field', async () => {
    const codec = createAesCodec(await newKey());
    const whole = await codec.seal('client', client, client.id);
    const edit = await codec.seal('client', { phone: '438-555-0100' }, client.id);
    const merged = { ...whole, phone: edit.phone };
    expect(await codec.open('client', merged, client.id)).toEqual({ ...client, phone: '438-555-0100' });
  });

  it('refuses a field moved to another field of the same record', async () => {
    const codec = createAesCodec(await newKey());
    const sealed = await codec.seal('client', { lastName: 'Gagnon-Probe' }, client.id);
    await expect(codec.open('client', { phone: sealed.lastName }, client.id)).rejects.toThrow(UnsealError);
  });

  it('refuses an envelope whose field list was rewritten to let it pass as another field', async () => {
    const codec = createAesCodec(await newKey());
    const sealed = await codec.seal('client', { lastName: 'Gagnon-Probe' }, client.id);
    const forged: SealedEnvelope = { ...(sealed.lastName as SealedEnvelope), f: ['phone'] };
    await expect(codec.open('client', { phone: forged }, client.id)).rejects.toThrow(UnsealError);
  });

  it('refuses a value moved to another kind of record, or to another record of the same kind', async () => {
    const codec = createAesCodec(await newKey());
    const sealed = await codec.seal('sessionRecord', { subjective: 'Douleur lombaire' }, sessionRecord.id);
    await expect(codec.open('amendment', { subjective: sealed.subjective } as SealedFields, sessionRecord.id)).rejects.toThrow(UnsealError);
    await expect(codec.open('sessionRecord', sealed, uuidv7())).rejects.toThrow(UnsealError);
    expect(await codec.open('sessionRecord', sealed, sessionRecord.id)).toEqual({ subjective: 'Douleur lombaire' });
  });

  it('refuses a tampered ciphertext, tag or IV', async () => {
    const codec = createAesCodec(await newKey());
    const sealed = await codec.seal('intake', { medications: 'Apixaban-Probe' }, intake.id);
    const envelope = sealed.medications as SealedEnvelope;
    const flip = (bytes: Uint8Array<ArrayBuffer>, at: number) => {
      const copy = new Uint8Array(bytes);
      copy[at]! ^= 1;
      return copy;
    };
    const ct = new Uint8Array(envelope.ct);
    for (const tampered of [
      { ...envelope, ct: flip(ct, 0).buffer },
      { ...envelope, ct: flip(ct, ct.length - 1).buffer },
      { ...envelope, iv: flip(envelope.iv, 5) },
    ]) {
      await expect(codec.open('intake', { medications: tampered }, intake.id)).rejects.toThrow(UnsealError);
    }
  });

  it('refuses what another key sealed', async () => {
    const sealed = await createAesCodec(await newKey()).seal('client', client, client.id);
    await expect(createAesCodec(await newKey()).open('client', sealed, client.id)).rejects.toThrow(UnsealError);
  });

  it('uses a fresh IV for every seal, even of the same value', async () => {
    const codec = createAesCodec(await newKey());
    const ivs = new Set<string>();
    const seals = 2000;
    for (let i = 0; i < seals; i++) {
      const sealed = await codec.seal('visit', { therapistNote: 'même texte' }, visit.id);
      const envelope = sealed.therapistNote as SealedEnvelope;
      expect(envelope.iv.byteLength).toBe(12);
      ivs.add(Buffer.from(envelope.iv).toString('hex'));
    }
    expect(ivs.size).toBe(seals);
  });

  it('opens plain values of a device from before encryption as they are, beside sealed ones', async () => {
    const codec = createAesCodec(await newKey());
    const edit = await codec.seal('client', { phone: '438-555-0100' }, client.id);
    expect(await codec.open('client', { ...client, phone: edit.phone }, client.id)).toEqual({ ...client, phone: '438-555-0100' });
  });
});

describe('the plain codec, where no data key is unlocked', () => {
  it('refuses to hand on a sealed value as if it were one (the service worker must not send an envelope)', async () => {
    const sealed = await createAesCodec(await newKey()).seal('visit', { therapistNote: 'x' }, visit.id);
    await expect(plainCodec.open('visit', sealed, visit.id)).rejects.toThrow(SealedWithoutKeyError);
    expect(await plainCodec.open('visit', { therapistNote: 'x' }, visit.id)).toEqual({ therapistNote: 'x' });
  });
});
