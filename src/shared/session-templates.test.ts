import { describe, expect, it } from 'vitest';
import { SERVICES } from './domain';
import { SESSION_TEMPLATES, templateFor } from './session-templates';

describe('session templates', () => {
  it('has one for every service the office books', () => {
    expect(Object.keys(SESSION_TEMPLATES).sort()).toEqual([...SERVICES].sort());
  });

  it('starts from the service, with the client’s own pressure preference when known', () => {
    expect(templateFor('prenatal', null)).toEqual({ techniques: ['prenatal', 'swedish'], pressure: 'light' });
    expect(templateFor('deep_tissue', { pressurePreference: 'medium' } as never).pressure).toBe('medium');
  });
});
