/**
 * Ids that follow from what a record is about, so that two devices creating
 * "the same" record offline write one record, not two.
 */

const SESSION_RECORD_MASK = '5e5510c0de5e5510c0de5e5510c0de55';

/**
 * The id of a visit's one session record: the visit's id, mixed with a fixed
 * mask and marked as a version-8 (custom) UUID. Two phones that start the
 * record for the same visit offline both write this id, and the server merges
 * their creates field by field. Deterministic and synchronous, so the form
 * can compute it before its write transaction opens.
 */
export function sessionRecordIdFor(visitId: string): string {
  const hex = visitId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`Not a UUID: ${visitId}`);
  const mixed = Array.from(hex, (digit, index) => (parseInt(digit, 16) ^ parseInt(SESSION_RECORD_MASK[index]!, 16)).toString(16));
  mixed[12] = '8'; // version 8: application-defined
  mixed[16] = ((parseInt(mixed[16]!, 16) & 0x3) | 0x8).toString(16); // RFC 9562 variant
  const out = mixed.join('');
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20)}`;
}
