import type { Intake, SessionRecord, Service } from './domain';

type TemplateFields = Pick<SessionRecord, 'techniques' | 'pressure'>;

/**
 * Where a new record starts, by service, when the client has no earlier
 * session to start from: the techniques usually used and a pressure, which
 * the client's own preference (from the intake) overrides.
 */
export const SESSION_TEMPLATES: Record<Service, TemplateFields> = {
  swedish: { techniques: ['swedish'], pressure: 'medium' },
  therapeutic: { techniques: ['swedish', 'trigger_point', 'stretching'], pressure: 'firm' },
  deep_tissue: { techniques: ['deep_tissue', 'trigger_point', 'myofascial_release'], pressure: 'deep' },
  prenatal: { techniques: ['prenatal', 'swedish'], pressure: 'light' },
  sports: { techniques: ['sports', 'stretching', 'trigger_point'], pressure: 'firm' },
  lymphatic: { techniques: ['lymphatic_drainage'], pressure: 'light' },
};

export function templateFor(service: Service, intake: Intake | null): TemplateFields {
  const template = SESSION_TEMPLATES[service];
  return { techniques: [...template.techniques], pressure: intake?.pressurePreference ?? template.pressure };
}
