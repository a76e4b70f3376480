import { createServer, type AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../../adapters/state/memory';
import { createRedisConnection, createRedisRateLimiter, waitForRedisReady, type RedisClient } from '../../adapters/state/redis';
import { systemClock } from '../../src/ports/clock';
import type { RateLimiter } from '../../src/ports/rate-limiter';
import { describeWithRedis } from '../helpers/redis';
import { rateLimiterContract } from './rate-limiter.contract';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

/** A fallback that records it was asked, so tests see the fail-open path taken. */
const recordingFallback = () => {
  const keys: string[] = [];
  const inner = createMemoryRateLimiter({ clock: systemClock });
  const limiter: RateLimiter = { take: (key, limit) => (keys.push(key), inner.take(key, limit)) };
  return { limiter, keys };
};

await describeWithRedis('Redis rate limiter', ({ url, namespace }) => {
  let a: RedisClient;
  let b: RedisClient;
  let raw: Redis;

  beforeAll(async () => {
    a = createRedisConnection(url);
    b = createRedisConnection(url);
    raw = new Redis(url);
    expect(await waitForRedisReady(a, 2000)).toBe(true);
    expect(await waitForRedisReady(b, 2000)).toBe(true);
  });
  afterAll(async () => {
    await Promise.all([a.quit(), b.quit(), raw.quit()]);
  });

  rateLimiterContract('redis (two connections)', async () => {
    const limiter = createRedisRateLimiter({ redis: a, namespace, fallback: recordingFallback().limiter });
    return { limiter, instances: [limiter, createRedisRateLimiter({ redis: b, namespace, fallback: recordingFallback().limiter })], advance: sleep };
  });

  describe('Redis specifics', () => {
    it('keeps one hash-tagged hash per bucket, expiring once it would be full again', async () => {
      const fallback = recordingFallback();
      const limiter = createRedisRateLimiter({ redis: a, namespace, fallback: fallback.limiter });
      await limiter.take('partner:layout', { perSecond: 2, burst: 10 });
      const key = `${namespace}:ratelimit:{partner:layout}`;
      expect(await raw.type(key)).toBe('hash');
      expect(Number(await raw.hget(key, 'tokens'))).toBe(9);
      const pttl = await raw.pttl(key);
      expect(pttl).toBeGreaterThan(5000);
      expect(pttl).toBeLessThanOrEqual(6000);
      expect(fallback.keys).toEqual([]);
    });

    it('sends the script body when the server does not know its SHA (EVALSHA -> NOSCRIPT -> EVAL)', async () => {
      // A real server, asked for a SHA it has never seen, answers a real NOSCRIPT (no SCRIPT FLUSH: the server is shared).
      const calls: string[] = [];
      // ioredis types these as many overloads; the limiter calls them with (sha|script, numKeys, key, ...args).
      type Loose = (...args: (string | number)[]) => Promise<unknown>;
      const forgetful = new Proxy(a, {
        get(target, property, receiver) {
          if (property === 'evalsha') return (_sha: string, ...rest: (string | number)[]) => (calls.push('evalsha'), (target.evalsha.bind(target) as Loose)('0'.repeat(40), ...rest));
          if (property === 'eval') return (...args: (string | number)[]) => (calls.push('eval'), (target.eval.bind(target) as Loose)(...args));
          return Reflect.get(target, property, receiver) as unknown;
        },
      });
      const fallback = recordingFallback();
      const limiter = createRedisRateLimiter({ redis: forgetful, namespace, fallback: fallback.limiter });
      await limiter.take('partner:noscript', { perSecond: 1, burst: 5 });
      expect((await limiter.take('partner:noscript', { perSecond: 1, burst: 5 })).remaining).toBe(3);
      expect(calls).toEqual(['evalsha', 'eval', 'evalsha', 'eval']);
      expect(fallback.keys).toEqual([]);
    });

    it('fails open to its local fallback when Redis is unreachable, and says so once', async () => {
      const down = createRedisConnection(`redis://127.0.0.1:${await closedPort()}`, { maxReconnectDelayMs: 100 });
      const changes: boolean[] = [];
      const fallback = recordingFallback();
      try {
        const limiter = createRedisRateLimiter({ redis: down, namespace, fallback: fallback.limiter, onDegradedChange: (degraded) => changes.push(degraded) });
        const limit = { perSecond: 0.01, burst: 2 };
        const decisions = [];
        for (let i = 0; i < 3; i++) decisions.push(await limiter.take('partner:outage', limit));
        expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]); // still limited, locally
        expect(fallback.keys).toEqual(['partner:outage', 'partner:outage', 'partner:outage']);
        expect(changes).toEqual([true]);
      } finally {
        down.disconnect();
      }
    });
  });
});
