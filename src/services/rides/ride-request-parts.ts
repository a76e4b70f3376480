import type { Address, ContactPoint, HumanName } from '../../domain/common';
import type { Location, Patient } from '../../domain/ehr';
import { GatewayError } from '../../domain/errors';
import { e164Phone, rider, RIDER_NAME_MAX_LENGTH, rideRequestPlace, type Rider, type RideRequestPlace } from '../../domain/ride';

/**
 * The minimum necessary of a patient record a ride company gets: a first and last name and one
 * phone number for the rider, and a postal address with coordinates for each end of the trip.
 * Everything is picked field by field into fresh objects, so nothing else of the record (ids,
 * birth date, identifiers, other names or numbers) can ride along.
 */

const refuse = (reason: string, message: string) => new GatewayError('BAD_INPUT', message, { details: { reason } });

const rank = <T extends { use: string | null }>(items: readonly T[], order: readonly (string | null)[], excluded: readonly string[]): T[] =>
  items
    .filter((item) => !item.use || !excluded.includes(item.use))
    .map((item) => ({ item, at: order.indexOf(item.use) < 0 ? order.length : order.indexOf(item.use) }))
    .sort((a, b) => a.at - b.at)
    .map(({ item }) => item);

/** The name the patient goes by: `usual`, then `official`, then one without a stated use; never an old or maiden name. */
function riderName(names: readonly HumanName[]): { firstName: string; lastName: string } | null {
  for (const name of rank(names, ['usual', 'official', null], ['old', 'maiden', 'anonymous'])) {
    const firstName = name.given.find((given) => given.trim() !== '')?.trim();
    const lastName = name.family?.trim();
    if (firstName && lastName) return { firstName, lastName };
  }
  return null;
}

/**
 * E.164 from what EHRs store ("555-810-7203", "(555) 810-7203 x12", "+44 20 7946 0958"). Numbers
 * without a country code are taken as North American (+1) when the patient lives in the US or
 * Canada or the country is not stated; anything else must already carry its `+` country code.
 */
export function toE164(raw: string, country: string | null): string | null {
  const main = raw.split(/\s*(?:x|ext\.?|extension|#)\s*\d+\s*$/i)[0] ?? raw;
  const hasPlus = main.trim().startsWith('+');
  const digits = main.replace(/\D/g, '');
  let candidate: string | null = null;
  if (hasPlus) candidate = `+${digits}`;
  else if (!country || /^(us|usa|united states|ca|can|canada)$/i.test(country.trim())) {
    if (digits.length === 10) candidate = `+1${digits}`;
    else if (digits.length === 11 && digits.startsWith('1')) candidate = `+${digits}`;
  }
  return candidate && e164Phone.safeParse(candidate).success ? candidate : null;
}

/** A number the driver and the vendor's texts can reach: mobile first, then home, then any other current one. */
function riderPhone(telecom: readonly ContactPoint[], country: string | null): string | null {
  const phones = telecom.filter((point) => point.system === 'phone' || point.system === 'sms');
  for (const point of rank(phones, ['mobile', 'home', 'work', null], ['old'])) {
    const phone = toE164(point.value, country);
    if (phone) return phone;
  }
  return null;
}

const homeAddress = (addresses: readonly Address[]): Address | null =>
  rank(addresses, ['home', null, 'temp'], ['old', 'billing', 'work'])[0] ?? null;

/** A postal address with coordinates, as a ride request takes it; null when something is missing. */
export function placeFromAddress(address: Address | null): RideRequestPlace | null {
  if (!address || address.latitude === null || address.longitude === null) return null;
  const parsed = rideRequestPlace.safeParse({
    lat: address.latitude,
    lng: address.longitude,
    addressLines: address.line.map((line) => line.trim()).filter((line) => line !== '').slice(0, 3),
    city: address.city ?? '',
    state: address.state ?? '',
    postalCode: address.postalCode ?? '',
  });
  return parsed.success ? parsed.data : null;
}

export function riderFromPatient(patient: Patient): Rider {
  const name = riderName(patient.names);
  if (!name) throw refuse('NO_RIDER_NAME', "The patient's record has no first and last name to give the driver");
  const phone = riderPhone(patient.telecom, homeAddress(patient.addresses)?.country ?? null);
  if (!phone) throw refuse('NO_RIDER_PHONE', "The patient's record has no phone number the ride company can text or call");
  // Checked, never cut or cleaned: the vendor gets the name as the record has it, or nothing.
  const checked = rider.safeParse({ firstName: name.firstName, lastName: name.lastName, phone });
  if (!checked.success) {
    const field = `rider.${String(checked.error.issues[0]?.path[0] ?? 'name')}`;
    throw new GatewayError('BAD_INPUT', `The patient's name cannot be sent to the ride company as it is (${field}: at most ${RIDER_NAME_MAX_LENGTH} characters of printable text)`, {
      details: { reason: 'RIDER_NAME_NOT_SENDABLE', field },
    });
  }
  return checked.data;
}

/** The patient's home, for the pickup when the caller names none. */
export function homePickup(patient: Patient): RideRequestPlace {
  const place = placeFromAddress(homeAddress(patient.addresses));
  if (!place) throw refuse('NO_PICKUP_ADDRESS', "The patient's home address lacks a street, city, state, postal code or coordinates; pass `pickup`");
  return place;
}

export function locationDropoff(location: Location | null): RideRequestPlace {
  const place = placeFromAddress(location?.address ?? null);
  if (!place) throw refuse('NO_DROPOFF_ADDRESS', "The appointment's location has no full address with coordinates");
  return place;
}
