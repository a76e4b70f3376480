import type { KeyHasher } from '../../crypto/key-hasher';
import type { IdempotencyScope } from './exactly-once';

const NAMESPACE = 'ride-ref';

/**
 * The reference we attach to a booking at the vendor (a memo field the vendor keeps with the ride)
 * so the booking can be found again without the Store: a keyed HMAC of (partner, idempotency
 * key), so the same request always derives the same reference on every instance, two partners'
 * identical keys never meet, and nothing in it identifies the patient or can be recomputed by
 * someone without the gateway's key secret. Rotating that secret changes every reference, which
 * is the same as losing the Store's data for bookings in flight (see docs/decisions.md).
 */
export async function rideExternalReference(hasher: KeyHasher, scope: IdempotencyScope): Promise<string> {
  const derived = await hasher.key(NAMESPACE, [scope.partnerId, scope.idempotencyKey]);
  return `cg-${derived.slice(NAMESPACE.length + 1)}`;
}
