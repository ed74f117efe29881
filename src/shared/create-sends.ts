import type { ReceiptChoices } from './domain/receipt';
import type { EntityName, EntityTypes } from './protocol';

// On the day view's first load (through local-write.ts), so kept apart from the
// editing tables and the schemas: the list is spelled out, and a test holds it
// equal to ReceiptChoicesSchema's keys.

/**
 * Records the server composes from its own records: a device's create sends
 * only these fields, the therapist's choices. The rest of the record on the
 * device is a preview, replaced by the server's values on the next pull.
 */
export const CREATE_SENDS: { [E in EntityName]?: readonly (keyof EntityTypes[E])[] } = {
  receipt: ['visitId', 'amountCents', 'paymentMethod', 'language', 'recipientName'] satisfies (keyof ReceiptChoices)[],
};
