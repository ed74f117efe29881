import { describe, expect, it } from 'vitest';
import { aSessionRecord } from '../../../../shared/testing/fixtures';
import { uuidv7 } from '../../../../shared/ids';
import { filledBy, withConfirmed } from './copied-fields';

describe('copied fields', () => {
  it('are the fields the last session filled, and each stays unread until edited or confirmed', () => {
    const last = { ...aSessionRecord({ id: uuidv7(), clientId: uuidv7(), therapistId: uuidv7() }), objective: 'Tight traps', assessment: '  ', plan: 'Stretch daily', techniques: ['swedish' as const], pressure: null, products: '', homeCare: '', bodyChart: { 'back:left-shoulder': 'pain' as const } };
    const unread = filledBy(last);
    expect(unread).toEqual(['objective', 'plan', 'techniques', 'bodyChart']);
    expect(withConfirmed(unread, 'plan')).toEqual(['objective', 'techniques', 'bodyChart']);
    expect(withConfirmed(unread, 'subjective')).toEqual(unread);
  });
});
