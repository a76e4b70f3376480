import { z } from 'zod';
import type { LocalRef } from '../../domain/common';
import { GatewayError } from '../../domain/errors';
import type { Store } from '../../ports/store';
import type { KeyHasher } from '../../crypto/key-hasher';

/** Who is booking an appointment's ride right now; expires with the booking's time budget. */
const bookingClaim = z.object({ claimId: z.string(), since: z.number() });

export interface AppointmentBookingClaims {
  /**
   * Runs `book` as the only booking for `appointment` across instances (one active ride per
   * appointment): the claim is an atomic create, so a second booking waits for the first to
   * finish (at most `holdSeconds`) and then sees its ride. Fails retryably if it waited that long.
   */
  whileClaimed<T>(appointment: LocalRef, holdSeconds: number, book: () => Promise<T>): Promise<T>;
}

export interface AppointmentBookingClaimDeps {
  store: Store;
  hasher: KeyHasher;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export function createAppointmentBookingClaims(deps: AppointmentBookingClaimDeps): AppointmentBookingClaims {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const { store } = deps;

  return {
    async whileClaimed(appointment, holdSeconds, book) {
      const key = await deps.hasher.key('ride-appt-booking', [appointment.sourceId, appointment.localId]);
      const claim = { claimId: crypto.randomUUID(), since: now() };
      const deadline = now() + holdSeconds * 1000;
      let pause = 10;
      // The TTL bounds how long a crashed booker blocks the appointment.
      while (!(await store.compareAndSet(key, null, claim, holdSeconds))) {
        if (now() >= deadline) {
          throw new GatewayError('UPSTREAM_UNAVAILABLE', 'The appointment is being booked; try again', { retryable: true, details: { component: 'store' } });
        }
        await sleep(pause + Math.random() * pause);
        pause = Math.min(pause * 2, 100);
      }
      try {
        return await book();
      } finally {
        // Release only our own claim: if it expired and another booking claimed the appointment,
        // the version no longer matches and theirs stays.
        const held = await store.getVersioned(key, bookingClaim).catch(() => undefined);
        if (held?.value.claimId === claim.claimId) await store.compareAndDelete(key, held.version).catch(() => undefined);
      }
    },
  };
}
