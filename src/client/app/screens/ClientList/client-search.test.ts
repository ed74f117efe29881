import { describe, expect, it } from 'vitest';
import { aClient } from '../../../../shared/testing/fixtures';
import { clientSearchKey, foldText, matchesClient, parseClientQuery } from './client-search';

const therese = aClient({
  firstName: 'Thérèse',
  lastName: 'Côté-Lefèbvre',
  phone: '(514) 555-0123',
  address: { street: '3245 rue Masson', unit: '2', city: 'Montréal', postalCode: 'H1Y 1X9', neighbourhood: 'Rosemont', lat: 45.5, lng: -73.5 },
});
const margaret = aClient({
  firstName: 'Margaret',
  lastName: 'O’Brien',
  phone: '+1 450-555-0187',
  address: { street: '5625 avenue de Monkland', unit: '', city: 'Montréal', postalCode: 'H4A 1E3', neighbourhood: 'Notre-Dame-de-Grâce', lat: 45.4, lng: -73.6 },
});

const finds = (search: string, client = therese) => matchesClient(clientSearchKey(client), parseClientQuery(search));

describe('client search', () => {
  it('forgives accents and case in names', () => {
    expect(finds('therese')).toBe(true);
    expect(finds('THERESE')).toBe(true);
    expect(finds('Thérèse')).toBe(true);
    expect(finds('cote')).toBe(true);
    expect(finds('lefebvre')).toBe(true);
  });

  it('reads a hyphen as a space and drops apostrophes, either way round', () => {
    expect(finds('cote lefebvre')).toBe(true);
    expect(finds('côté-lefèbvre')).toBe(true);
    expect(finds('obrien', margaret)).toBe(true);
    expect(finds("o'brien", margaret)).toBe(true);
  });

  it('needs every word, in any order, and finds parts of words', () => {
    expect(finds('cote therese')).toBe(true);
    expect(finds('ther')).toBe(true);
    expect(finds('therese gagnon')).toBe(false);
    expect(finds('marie')).toBe(false);
  });

  it('matches a phone number by its digits whatever the formatting', () => {
    expect(finds('514 555')).toBe(true);
    expect(finds('5145550123')).toBe(true);
    expect(finds('514-555-0123')).toBe(true);
    expect(finds('(514) 555-01')).toBe(true);
    expect(finds('0123')).toBe(true);
    expect(finds('+1 514 555 0123')).toBe(true);
    expect(finds('450 555 0187', margaret)).toBe(true);
    expect(finds('450 555', therese)).toBe(false);
    expect(finds('514 555 0187')).toBe(false);
  });

  it('matches the street and the neighbourhood, accents forgiven', () => {
    expect(finds('masson')).toBe(true);
    expect(finds('3245 masson')).toBe(true);
    expect(finds('rue masson')).toBe(true);
    expect(finds('rosemont')).toBe(true);
    expect(finds('monkland', margaret)).toBe(true);
    expect(finds('notre dame de grace', margaret)).toBe(true);
    expect(finds('monkland')).toBe(false);
  });

  it('finds a street number that looks like the start of no phone number', () => {
    expect(finds('3245')).toBe(true);
    expect(finds('5625', margaret)).toBe(true);
    expect(finds('5625')).toBe(false);
  });

  it('does not read one or two digits as a phone number (they would match nearly everyone)', () => {
    expect(parseClientQuery('55').digits).toBeNull();
    expect(finds('55')).toBe(false);
  });

  it('matches everyone on an empty or blank search', () => {
    expect(finds('')).toBe(true);
    expect(finds('   ')).toBe(true);
  });

  it('folds text the same way on both sides', () => {
    expect(foldText('Marie-Ève  O’Brien')).toBe('marie eve obrien');
    expect(foldText('Cœur ÉTÉ')).toBe('coeur ete');
    expect(foldText('  -  ')).toBe('');
  });
});
