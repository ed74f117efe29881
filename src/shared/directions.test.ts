import { describe, expect, it } from 'vitest';
import { smsUrl } from './directions';
import { directionsUrl } from './directions-url';

const home = { lat: 45.5476, lng: -73.5753, address: '3245 rue Masson, Montréal' };

describe('directions links', () => {
  it.each([
    ['driving', 'https://www.google.com/maps/dir/?api=1&destination=45.547600,-73.575300&travelmode=driving'],
    ['transit', 'https://www.google.com/maps/dir/?api=1&destination=45.547600,-73.575300&travelmode=transit'],
    ['bicycling', 'https://www.google.com/maps/dir/?api=1&destination=45.547600,-73.575300&travelmode=bicycling'],
    ['walking', 'https://www.google.com/maps/dir/?api=1&destination=45.547600,-73.575300&travelmode=walking'],
  ] as const)('Google Maps, %s', (mode, url) => {
    expect(directionsUrl('google', mode, home)).toBe(url);
  });

  it.each([
    ['driving', 'd'],
    ['transit', 'r'],
    ['walking', 'w'],
    ['bicycling', 'c'],
  ] as const)('Apple Maps, %s', (mode, flag) => {
    expect(directionsUrl('apple', mode, home)).toBe(`https://maps.apple.com/?daddr=45.547600,-73.575300&dirflg=${flag}&q=3245%20rue%20Masson%2C%20Montr%C3%A9al`);
  });

  it('Waze drives whatever the mode', () => {
    expect(directionsUrl('waze', 'walking', home)).toBe('https://waze.com/ul?ll=45.547600,-73.575300&navigate=yes');
  });

  it('geo: names the place', () => {
    expect(directionsUrl('geo', 'driving', home)).toBe('geo:45.547600,-73.575300?q=45.547600,-73.575300(3245%20rue%20Masson%2C%20Montr%C3%A9al)');
  });

  it('builds an sms: link that keeps accents and line breaks', () => {
    expect(smsUrl('514-555-0142', 'Bonjour Marie-Ève,\nj’arrive vers 10 h 25.')).toBe(
      'sms:5145550142?&body=Bonjour%20Marie-%C3%88ve%2C%0Aj%E2%80%99arrive%20vers%2010%20h%2025.',
    );
  });
});
