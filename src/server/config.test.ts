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

  it('reads DEMO_NOW, an instant with its offset, and refuses one without', () => {
    expect(readConfig({}).demoNow).toBeNull();
    expect(readConfig({ DEMO_NOW: '2026-11-24T10:30:00-05:00' }).demoNow?.toISOString()).toBe('2026-11-24T15:30:00.000Z');
    for (const bad of ['2026-11-24T10:30:00', 'tomorrow', '2026-13-40T10:30:00Z']) {
      expect(() => readConfig({ DEMO_NOW: bad })).toThrow(/DEMO_NOW must be an ISO date and time with its offset/);
    }
  });
});
