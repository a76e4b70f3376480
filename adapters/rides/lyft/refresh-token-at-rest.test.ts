import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createValueEncryption } from '../../../src/crypto/value-encryption';
import { describeWithRedis } from '../../../test/helpers/redis';
import { manualClock } from '../../../test/shared/manual-clock';
import { noSleep } from '../../../test/helpers/ride-adapter-testing';
import { createRedisStore } from '../../state/redis';
import { createLyftRideAdapter } from './adapter';
import { LYFT_SIM_DEFAULTS, startLyftSimulator, type LyftSimulator } from './simulator';

/** A rotated Lyft refresh token is a credential: in Redis it is sealed like every Store value (CACHE_ENCRYPTION_KEY). */
await describeWithRedis('Lyft refresh token at rest in Redis', ({ url, namespace }) => {
  let redis: Redis;
  let sim: LyftSimulator & { url: string; close(): Promise<void> };
  beforeAll(() => {
    redis = new Redis(url, { maxRetriesPerRequest: 1 });
  });
  afterAll(() => {
    redis.disconnect();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('seals the rotated refresh token, and a second instance opens it and books', async () => {
    const clock = manualClock();
    sim = await startLyftSimulator({ seed: 5, clock, rotateRefreshTokens: true });
    const codec = await createValueEncryption(btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))));
    const instance = () =>
      createLyftRideAdapter({
        sourceId: 'lyft-at-rest',
        baseUrl: sim.url,
        fetch,
        clock,
        credentials: { clientId: LYFT_SIM_DEFAULTS.clientId, clientSecret: LYFT_SIM_DEFAULTS.clientSecret },
        webhookSecret: LYFT_SIM_DEFAULTS.webhookSecret,
        timeoutMs: 2000,
        sleep: noSleep,
        auth: { type: 'user-refresh-token', refreshToken: LYFT_SIM_DEFAULTS.refreshToken, store: createRedisStore({ redis, namespace, codec }) },
      });
    const request = {
      rider: { firstName: 'Test', lastName: 'Rider', phone: '+15555550100' },
      pickup: { lat: 39.78, lng: -89.65, addressLines: ['100 Example Ave'], city: 'Springfield', state: 'IL', postalCode: '62701' },
      dropoff: { lat: 39.8, lng: -89.64, addressLines: ['800 Sample Blvd'], city: 'Springfield', state: 'IL', postalCode: '62702' },
      productId: 'lyft',
      schedule: { kind: 'now' as const },
    };
    await instance().book(request, { externalReference: 'at-rest-1' });
    const rotated = sim.oauth.currentRefreshToken;
    expect(rotated).not.toBe(LYFT_SIM_DEFAULTS.refreshToken);

    const keys = (await redis.keys(`${namespace}:*`)).filter((key) => key.includes('lyft-refresh-token'));
    expect(keys).toHaveLength(1);
    const raw = (await redis.get(keys[0] as string)) ?? '';
    expect(raw.startsWith('g1.')).toBe(true);
    expect(raw).not.toContain(rotated);

    // The configured token is revoked by now: only the sealed one in Redis works.
    expect((await instance().book(request, { externalReference: 'at-rest-2' })).status).toBe('REQUESTED');
  });
});
