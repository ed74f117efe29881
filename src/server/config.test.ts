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

  it('reads RETENTION_YEARS, 7 by default, and the privacy officer to show in Settings', () => {
    expect(readConfig({}).retentionYears).toBe(7);
    expect(readConfig({ RETENTION_YEARS: '10' }).retentionYears).toBe(10);
    for (const bad of ['seven', '0', '2.5', '101']) {
      expect(() => readConfig({ RETENTION_YEARS: bad })).toThrow(/RETENTION_YEARS must be a whole number of years/);
    }
    const config = readConfig({ PRIVACY_OFFICER_NAME: 'Julie Côté', PRIVACY_OFFICER_EMAIL: 'vie.privee@example.com', PRIVACY_OFFICER_PHONE: '514-555-0142', PRIVACY_OFFICER_ACCOUNT: ' Office@Example.com ' });
    expect(config.privacyOfficer).toEqual({ name: 'Julie Côté', email: 'vie.privee@example.com', phone: '514-555-0142' });
    expect(config.privacyOfficerAccount).toBe('office@example.com');
  });
});
