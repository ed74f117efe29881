import * as v from 'valibot';
import { MAX_MUTATION_BYTES, mutationBytes } from '../../shared/protocol';
import { SealedPayloadSchema } from '../../shared/sealed-outbox';
import { MutationSchema } from '../../shared/sync-schemas';
import { clipText } from '../http/clip-text';
import type { PushInput } from '../store/store';
import { MAX_REASON_LENGTH } from './decision';
import { SealedOpenError, type SealingKeys } from './sealing-keys';

type Parsed = PushInput['mutations'][number];

const invalid = (raw: { mutationId: number }, message: string): Parsed => ({
  mutationId: raw.mutationId,
  invalid: clipText(message, MAX_REASON_LENGTH),
  raw,
});

/**
 * Checks each mutation of a push on its own, opening the sealed ones first
 * (protocol 3: `sealed` in place of `fields`). A payload that does not open
 * (unknown key id, altered, or sealed for another mutation) refuses that one
 * mutation with the reason; the others are applied. An opened mutation is
 * then checked exactly as a clear one. Its size counts as sealed, as sent.
 */
export function openPushMutations(mutations: (Record<string, unknown> & { mutationId: number })[], keys: SealingKeys): Parsed[] {
  return mutations.map((raw) => {
    let candidate: unknown = raw;
    if ('sealed' in raw) {
      if ('fields' in raw) return invalid(raw, 'The change is malformed: it carries both fields and a sealed payload.');
      if (mutationBytes(raw) > MAX_MUTATION_BYTES) return invalid(raw, `The sealed change is larger than the ${Math.floor(MAX_MUTATION_BYTES / 1024)} KB one change may take.`);
      const payload = v.safeParse(SealedPayloadSchema, raw.sealed);
      if (!payload.success) return invalid(raw, `The sealed change is malformed: ${v.summarize(payload.issues)}`);
      const envelope = v.safeParse(v.pick(MutationSchema, ['mutationId', 'entity', 'id', 'op']), raw);
      if (!envelope.success) return invalid(raw, `The change is malformed: ${v.summarize(envelope.issues)}`);
      const { sealed: _sealed, ...rest } = raw;
      try {
        candidate = { ...rest, fields: keys.open(payload.output, envelope.output) };
      } catch (error) {
        if (error instanceof SealedOpenError) return invalid(raw, error.message);
        throw error;
      }
    }
    const parsed = v.safeParse(MutationSchema, candidate);
    return parsed.success ? { mutationId: raw.mutationId, mutation: parsed.output } : invalid(raw, `The change is malformed: ${v.summarize(parsed.issues)}`);
  });
}
