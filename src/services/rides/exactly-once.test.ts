import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../adapters/state/memory';
import { GatewayError } from '../../domain/errors';
import { createKeyHasher } from '../../crypto/key-hasher';
import { createExactlyOnce } from './exactly-once';

const setup = async () => {
  const store = createMemoryStore({ clock: { now: () => Date.now() } });
  const once = createExactlyOnce({ store, hasher: await createKeyHasher('test-secret'), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5))) });
  return { store, once };
};
const scope = { partnerId: 'p', idempotencyKey: 'k' };
const options = { pendingTtlSeconds: 60, waitMs: 2_000 };
const ref = { sourceId: 's', vendorRideId: 'r1' };

describe('exactly-once booking', () => {
  it('runs the booking once for concurrent callers; the others get its ride', async () => {
    const { once } = await setup();
    let calls = 0;
    const book = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 30));
      return ref;
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => once.run(scope, 'fp', options, book)));
    expect(calls).toBe(1);
    expect(answers.every((answer) => answer.vendorRideId === 'r1')).toBe(true);
    expect(await once.booked(scope, 'fp')).toEqual(ref);
  });

  it('refuses the key for a different request', async () => {
    const { once } = await setup();
    await once.run(scope, 'fp', options, async () => ref);
    await expect(once.booked(scope, 'other')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(once.run(scope, 'other', options, async () => ref)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('frees the key after a failure, so the next call with it runs the booking again', async () => {
    const { once } = await setup();
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new GatewayError('UPSTREAM_TIMEOUT', 'no answer');
    };
    await expect(once.run(scope, 'fp', options, failing)).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    const answer = await once.run(scope, 'fp', options, async () => {
      calls++;
      return ref;
    });
    expect(answer).toEqual(ref);
    expect(calls).toBe(2);
  });

  it('tells a waiting caller to retry when the winner takes longer than the wait bound', async () => {
    const { once } = await setup();
    const slow = once.run(scope, 'fp', options, () => new Promise((resolve) => setTimeout(() => resolve(ref), 300)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(once.run(scope, 'fp', { ...options, waitMs: 50 }, async () => ref)).rejects.toMatchObject({ code: 'CONFLICT', retryable: true });
    await expect(slow).resolves.toEqual(ref);
  });
});
