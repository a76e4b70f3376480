import { describe, expect, it } from 'vitest';
import type { Patient } from '../../domain/ehr';
import { GatewayError } from '../../domain/errors';
import { homePickup, locationDropoff, riderFromPatient, toE164 } from './ride-request-parts';

const address = { use: 'home', line: ['1 Main St'], city: 'Emporia', state: 'KS', postalCode: '66801', country: 'US', latitude: 38.4, longitude: -96.2 };
const patient = (overrides: Partial<Patient> = {}): Patient => ({
  sourceId: 'ehr',
  localId: 'p1',
  identifiers: [{ system: 'mrn', value: 'MRN-123456', type: 'MR' }],
  names: [
    { use: 'maiden', family: 'Oldname', given: ['Ann'], prefix: [], suffix: [], text: null },
    { use: 'official', family: 'Smith', given: ['Ann', 'Marie'], prefix: ['Mrs.'], suffix: [], text: null },
  ],
  birthDate: '1950-01-02',
  gender: 'female',
  deceased: false,
  addresses: [{ ...address, use: 'old', line: ['9 Old Rd'] }, address],
  telecom: [
    { system: 'email', value: 'ann@example.invalid', use: 'home' },
    { system: 'phone', value: '555-810-7203', use: 'home' },
    { system: 'phone', value: '(555) 222-3333', use: 'mobile' },
  ],
  ...overrides,
});

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof GatewayError ? error.details?.['reason'] : 'not a GatewayError';
  }
  return null;
};

describe('ride request parts from EHR records', () => {
  it('normalises phone numbers to E.164', () => {
    expect(toE164('555-810-7203', 'US')).toBe('+15558107203');
    expect(toE164('1 (555) 810-7203 x12', null)).toBe('+15558107203');
    expect(toE164('+44 20 7946 0958', 'GB')).toBe('+442079460958');
    expect(toE164('020 7946 0958', 'GB')).toBeNull();
    expect(toE164('12345', 'US')).toBeNull();
  });

  it('takes the current name and the mobile number, nothing else', () => {
    const rider = riderFromPatient(patient());
    expect(rider).toEqual({ firstName: 'Ann', lastName: 'Smith', phone: '+15552223333' });
    expect(Object.keys(rider).sort()).toEqual(['firstName', 'lastName', 'phone']);
  });

  it('refuses with a reason when name or phone is missing', () => {
    expect(reasonOf(() => riderFromPatient(patient({ telecom: [{ system: 'email', value: 'x@example.invalid', use: null }] })))).toBe('NO_RIDER_PHONE');
    expect(reasonOf(() => riderFromPatient(patient({ names: [] })))).toBe('NO_RIDER_NAME');
  });

  it('picks the home address (not an old one) and needs coordinates', () => {
    expect(homePickup(patient())).toEqual({ lat: 38.4, lng: -96.2, addressLines: ['1 Main St'], city: 'Emporia', state: 'KS', postalCode: '66801' });
    expect(reasonOf(() => homePickup(patient({ addresses: [{ ...address, latitude: null }] })))).toBe('NO_PICKUP_ADDRESS');
    expect(reasonOf(() => locationDropoff(null))).toBe('NO_DROPOFF_ADDRESS');
  });
});
