import { z } from 'zod';
import { GatewayError } from '../../domain/errors';
import type { Store } from '../../ports/store';
import type { KeyHasher } from '../../crypto/key-hasher';
import { rideRef, type RideRef } from './ride-record';

/**
 * Exactly-once booking per idempotency key, across gateway instances sharing one Store.
 *
 * The claim record is created with SET NX: one request wins and books; the others poll the record
 * until it says `booked` (then answer the same ride) or disappears (the winner failed for good:
 * they try to claim it themselves). A `pending` claim expires, so a crashed winner blocks the key
 * only for a while. The claim is an optimisation, not the guarantee: the Store may lose it (a
 * Redis restart without persistence, a failover to an empty replica), so the booking itself
 * looks the ride up at the vendor by its external reference before every first attempt
 * (see ride-booking.ts).
 */
export interface IdempotencyScope {
  partnerId: string;
  idempotencyKey: string;
}

const idempotencyClaim = z.discriminatedUnion('state', [
  z.object({ state: z.literal('pending'), fingerprint: z.string(), since: z.number() }),
  z.object({ state: z.literal('booked'), fingerprint: z.string(), ride: rideRef }),
]);
type Claim = z.infer<typeof idempotencyClaim>;

export interface ExactlyOnceOptions {
  /** How long a winner may take before its claim expires (must exceed one full booking). */
  pendingTtlSeconds: number;
  /** How long a loser waits for the winner's answer before giving up (retryably). */
  waitMs: number;
}

export interface ExactlyOnce {
  /** The ride already booked with this key, or null. CONFLICT when the key was used for another request. */
  booked(scope: IdempotencyScope, fingerprint: string): Promise<RideRef | null>;
  run(scope: IdempotencyScope, fingerprint: string, options: ExactlyOnceOptions, book: () => Promise<RideRef>): Promise<RideRef>;
}

const BOOKED_TTL_SECONDS = 30 * 24 * 3600;
const POLL_MS = 50;

const reused = () =>
  new GatewayError('CONFLICT', 'This idempotency key was already used for a different ride request', {
    details: { field: 'idempotencyKey', reason: 'IDEMPOTENCY_KEY_REUSED' },
  });

export function createExactlyOnce(deps: { store: Store; hasher: KeyHasher; now?: () => number; sleep?: (ms: number) => Promise<void> }): ExactlyOnce {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const keys = async (scope: IdempotencyScope) => ({ claim: await deps.hasher.key('ride-idem', [scope.partnerId, scope.idempotencyKey]) });

  const answerOf = (claim: Claim, fingerprint: string): RideRef | null => {
    if (claim.fingerprint !== fingerprint) throw reused();
    return claim.state === 'booked' ? claim.ride : null;
  };

  return {
    async booked(scope, fingerprint) {
      const held = await store.get((await keys(scope)).claim, idempotencyClaim);
      return held ? answerOf(held, fingerprint) : null;
    },

    async run(scope, fingerprint, options, book) {
      const key = await keys(scope);
      const deadline = now() + options.waitMs;
      for (;;) {
        const pending: Claim = { state: 'pending', fingerprint, since: now() };
        if (await store.setIfAbsent(key.claim, pending, options.pendingTtlSeconds)) break;
        const held = await store.get(key.claim, idempotencyClaim);
        if (held) {
          const ride = answerOf(held, fingerprint);
          if (ride) return ride;
        }
        if (now() >= deadline) {
          throw new GatewayError('CONFLICT', 'A booking with this idempotency key is still in progress; retry with the same key', {
            retryable: true,
            details: { field: 'idempotencyKey', reason: 'BOOKING_IN_PROGRESS' },
          });
        }
        if (held) await sleep(POLL_MS);
      }

      // We hold the claim.
      try {
        const ride = await book();
        const booked: Claim = { state: 'booked', fingerprint, ride };
        await store.set(key.claim, booked, BOOKED_TTL_SECONDS);
        return ride;
      } catch (error) {
        // Free the key so the caller can retry with it; that retry looks the booking up first.
        await store.delete(key.claim).catch(() => undefined);
        throw error;
      }
    },
  };
}
