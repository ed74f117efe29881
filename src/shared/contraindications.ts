import type { Intake } from './domain/intake';

/**
 * What to watch for, derived from the intake: shown at the top of the visit
 * and of the session form, where the therapist cannot miss it. Each flag says
 * what it changes at the table.
 */
export type Contraindication =
  | { kind: 'pregnancy'; weeks: number }
  | { kind: 'blood_thinners' }
  | { kind: 'clots' }
  | { kind: 'allergy'; allergen: 'oils' | 'nuts' | 'latex' | 'scents' }
  | { kind: 'epilepsy' }
  | { kind: 'cancer' }
  | { kind: 'heart_or_blood_pressure' }
  | { kind: 'diabetes' }
  | { kind: 'skin' }
  | { kind: 'recent_injury_or_surgery' };

export function contraindications(intake: Intake | null): Contraindication[] {
  if (!intake) return [];
  const flags: Contraindication[] = [];
  const has = (condition: Intake['conditions'][number]) => intake.conditions.includes(condition);
  if (intake.pregnancyWeeks !== null) flags.push({ kind: 'pregnancy', weeks: intake.pregnancyWeeks });
  if (has('blood_thinners')) flags.push({ kind: 'blood_thinners' });
  if (has('varicose_veins_or_clots')) flags.push({ kind: 'clots' });
  for (const allergen of intake.allergies) flags.push({ kind: 'allergy', allergen });
  if (has('epilepsy')) flags.push({ kind: 'epilepsy' });
  if (has('cancer')) flags.push({ kind: 'cancer' });
  if (has('heart') || has('high_blood_pressure')) flags.push({ kind: 'heart_or_blood_pressure' });
  if (has('diabetes')) flags.push({ kind: 'diabetes' });
  if (has('skin_condition')) flags.push({ kind: 'skin' });
  if (has('recent_injury_or_surgery')) flags.push({ kind: 'recent_injury_or_surgery' });
  return flags;
}

/** The current intake: the highest version. */
export function latestIntake<T extends Pick<Intake, 'version'>>(intakes: T[]): T | null {
  return intakes.reduce<T | null>((latest, intake) => (!latest || intake.version > latest.version ? intake : latest), null);
}
