import { describe, expect, it } from 'vitest';
import { ReceiptChoicesSchema } from './domain/receipt';
import { CREATE_SENDS } from './create-sends';

describe('what a create sends', () => {
  it("a receipt's create carries exactly the choices the server reads (ReceiptChoicesSchema)", () => {
    expect([...CREATE_SENDS.receipt!].sort()).toEqual(Object.keys(ReceiptChoicesSchema.entries).sort());
  });
});
