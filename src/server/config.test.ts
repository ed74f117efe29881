import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('server settings', () => {
  it('reads NEED_TO_KNOW_DAYS, 14 by default, and refuses anything but a whole number of days', () => {
    expect(readConfig({}).needToKnowDays).toBe(14);
    expect(readConfig({ NEED_TO_KNOW_DAYS: '30' }).needToKnowDays).toBe(30);
    for (const bad of ['two weeks', '-1', '1.5', '400']) {
      expect(() => readConfig({ NEED_TO_KNOW_DAYS: bad })).toThrow(/NEED_TO_KNOW_DAYS must be a whole number of days/);
    }
  });
});
