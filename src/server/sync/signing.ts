import { SIGNED_CONTENT_FIELDS } from '../../shared/editable-fields';
import { HLC_ZERO } from '../../shared/hlc';
import type { Mutation } from '../../shared/protocol';
import { reject, type CurrentRecord, type Decision } from './decision';

const SIGNATURE_FIELDS: readonly string[] = ['signedAt', 'signedBy'];

/** True when the mutation puts a signature on a session record. */
export function signs(mutation: Mutation): boolean {
  return mutation.entity === 'sessionRecord' && mutation.fields.signedAt !== undefined && mutation.fields.signedAt !== null;
}

/**
 * A signature vouches for the text the signer read. It carries in `base` the
 * HLC of every signed field as the signer saw it; if any has changed on the
 * server since (another device, another tab), the signature would cover words
 * the therapist never read: refused `stale`, with the server's copy so the
 * device shows the newer text to read and sign again.
 *
 * Protocol 2 sends every base, and a missing one counts as changed. A
 * protocol-1 app sends only the bases of the fields it edits, so only those
 * present can be checked.
 *
 * An update that signs carries nothing but the signature: content changed in
 * the same mutation could lose, field by field, to a newer edit on the
 * server, and the signature would then cover text the signer never read.
 * A merged create (the record already exists) carries content by nature; it is
 * signed only if its bases show the signer saw all of the server's text.
 */
export function checkSignature(mutation: Mutation, current: CurrentRecord, protocolVersion: number): Decision | null {
  if (mutation.op === 'update') {
    const content = Object.keys(mutation.fields).filter((field) => !SIGNATURE_FIELDS.includes(field));
    if (content.length > 0) {
      return reject('invalid', `A signature is sent on its own, after the text it covers; this one also changes ${content.join(', ')}.`);
    }
  }
  const changed = SIGNED_CONTENT_FIELDS.filter((field) => {
    const seen = mutation.base[field];
    if (seen === undefined) return protocolVersion >= 2;
    return seen !== (current.hlc[field] ?? HLC_ZERO);
  });
  if (changed.length === 0) return null;
  return reject('stale', `This record changed since you saw it (${changed.join(', ')}); read the newer text and sign again.`);
}
