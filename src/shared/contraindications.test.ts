import { describe, expect, it } from 'vitest';
import { contraindications, latestIntake } from './contraindications';
import { blankIntakeAnswers, type Intake } from './domain';

function intake(overrides: Partial<Intake> = {}): Intake {
  return {
    id: '0190a6e4-5b1c-7d2e-8f3a-000000000001',
    clientId: '0190a6e4-5b1c-7d2e-8f3a-000000000002',
    therapistId: '0190a6e4-5b1c-7d2e-8f3a-000000000003',
    version: 1,
    createdAt: '2026-11-01T15:00:00.000Z',
    ...blankIntakeAnswers(),
    consent: { textVersion: 'consent-2026-01', language: 'fr', signedName: 'Test', signedOn: '2026-11-01', signature: '' },
    ...overrides,
  };
}

describe('contraindications', () => {
  it('flags nothing for a clear intake, or none at all', () => {
    expect(contraindications(intake())).toEqual([]);
    expect(contraindications(null)).toEqual([]);
  });

  it('derives each flag the therapist must act on', () => {
    const flags = contraindications(
      intake({ pregnancyWeeks: 28, conditions: ['blood_thinners', 'varicose_veins_or_clots', 'high_blood_pressure'], allergies: ['nuts', 'latex'] }),
    );
    expect(flags).toEqual([
      { kind: 'pregnancy', weeks: 28 },
      { kind: 'blood_thinners' },
      { kind: 'clots' },
      { kind: 'allergy', allergen: 'nuts' },
      { kind: 'allergy', allergen: 'latex' },
      { kind: 'heart_or_blood_pressure' },
    ]);
  });

  it('reads the latest version of a versioned intake', () => {
    expect(latestIntake([intake({ version: 1 }), intake({ version: 3 }), intake({ version: 2 })])?.version).toBe(3);
    expect(latestIntake([])).toBeNull();
  });
});
