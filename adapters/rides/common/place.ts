import type { RidePlace, RideRequestPlace } from '../../../src/domain/ride';

/** One-line postal address, the form both vendors take: "100 Main St, Suite 2, Springfield, IL 62701". */
export const formatAddress = (place: RideRequestPlace): string =>
  [...place.addressLines, place.city, `${place.state} ${place.postalCode}`].join(', ');

/** A vendor's place back: the vendor gives one address string, which we keep as the only line. */
export const placeFromVendor = (lat: number, lng: number, address: string | null | undefined): RidePlace => ({
  lat,
  lng,
  addressLines: address ? [address] : [],
  city: null,
  state: null,
  postalCode: null,
});

export const isoFromEpochMs = (ms: number): string => new Date(ms).toISOString();
