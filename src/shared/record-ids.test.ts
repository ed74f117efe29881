import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { IdSchema } from './domain';
import { uuidv7 } from './ids';
import { sessionRecordIdFor } from './record-ids';

describe('sessionRecordIdFor', () => {
  it('is the same for the same visit on every device, and a valid UUID', () => {
    const visitId = uuidv7();
    expect(sessionRecordIdFor(visitId)).toBe(sessionRecordIdFor(visitId));
    expect(v.is(IdSchema, sessionRecordIdFor(visitId))).toBe(true);
    expect(sessionRecordIdFor(visitId)).not.toBe(visitId);
  });

  it('differs between visits, even those made in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => sessionRecordIdFor(uuidv7(1_790_000_000_000))));
    expect(ids.size).toBe(2000);
  });

  it('refuses what is not a UUID', () => {
    expect(() => sessionRecordIdFor('visit-1')).toThrow(/Not a UUID/);
  });
});
