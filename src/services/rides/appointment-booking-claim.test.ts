import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryStore } from '../../../adapters/state/memory';
import { createKeyHasher } from '../../crypto/key-hasher';
import { createAppointmentBookingClaims } from './appointment-booking-claim';

const appointment = { sourceId: 'ehr', localId: 'appt-1' };
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const setup = async () => {
  let now = Date.UTC(2030, 0, 1);
  const store = createMemoryStore({ clock: { now: () => now } });
  const hasher = await createKeyHasher('test-secret');
  const claims = createAppointmentBookingClaims({ store, hasher, sleep: (ms) => pause(Math.min(ms, 5)) });
  return { store, hasher, claims, advance: (ms: number) => void (now += ms) };
};

describe('appointment booking claims', () => {
  it('runs one booking of an appointment at a time, the second after the first', async () => {
    const { claims } = await setup();
    const log: string[] = [];
    const booking = (name: string) => async () => {
      log.push(`${name} start`);
      await pause(20);
      log.push(`${name} end`);
      return name;
    };
    expect(await Promise.all([claims.whileClaimed(appointment, 30, booking('a')), claims.whileClaimed(appointment, 30, booking('b'))])).toEqual(['a', 'b']);
    // Which one claims first depends on when each claim key's HMAC (WebCrypto, off-thread) resolves;
    // what must hold is that the two never overlap.
    const first = log[0]?.split(' ')[0];
    const second = first === 'a' ? 'b' : 'a';
    expect(log).toEqual([`${first} start`, `${first} end`, `${second} start`, `${second} end`]);
  });

  it('lets bookings of different appointments run side by side', async () => {
    const { claims } = await setup();
    let running = 0;
    let most = 0;
    const booking = async () => {
      most = Math.max(most, ++running);
      await pause(20);
      running--;
    };
    await Promise.all([claims.whileClaimed(appointment, 30, booking), claims.whileClaimed({ sourceId: 'ehr', localId: 'appt-2' }, 30, booking)]);
    expect(most).toBe(2);
  });

  it('releases the claim when the booking fails', async () => {
    const { claims } = await setup();
    await expect(claims.whileClaimed(appointment, 30, async () => { throw new Error('vendor said no'); })).rejects.toThrow('vendor said no');
    expect(await claims.whileClaimed(appointment, 30, async () => 'next')).toBe('next');
  });

  it('leaves alone a claim another booking took after its own expired', async () => {
    const { store, hasher, claims, advance } = await setup();
    const key = await hasher.key('ride-appt-booking', [appointment.sourceId, appointment.localId]);
    await claims.whileClaimed(appointment, 1, async () => {
      advance(1500); // our claim expired while we booked; another booking claims the appointment
      expect(await store.compareAndSet(key, null, { claimId: 'theirs', since: 0 }, 60)).toBe(true);
    });
    expect(await store.get(key, z.object({ claimId: z.string() }))).toEqual({ claimId: 'theirs' });
  });

  it('gives up retryably after waiting its hold time for another booking', async () => {
    const { store, hasher } = await setup();
    const key = await hasher.key('ride-appt-booking', [appointment.sourceId, appointment.localId]);
    await store.set(key, { claimId: 'stuck', since: 0 }, 600);
    let now = 0;
    const claims = createAppointmentBookingClaims({ store, hasher, now: () => now, sleep: async (ms) => void (now += ms) });
    await expect(claims.whileClaimed(appointment, 1, async () => 'never')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
  });
});
