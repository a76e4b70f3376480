import { webcrypto } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket, connect } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createRedisCache,
  createRedisConnection,
  createRedisStore,
  isRedisReady,
  waitForRedisReady,
  type CacheOperation,
  type RedisClient,
  type ValueCodec,
} from '../../adapters/state/redis';
import { GatewayError } from '../../src/domain/errors';
import { systemClock } from '../../src/ports/clock';
import { describeWithRedis } from '../helpers/redis';
import { cacheContract } from './cache.contract';
import { storeContract } from './store.contract';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A port nothing listens on: bind an ephemeral one, then free it. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

/** A TCP relay to Redis we can cut and restore, to play an outage without stopping the shared server. */
const tcpRelay = (target: { host: string; port: number }) => {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  const start = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server!.address() as AddressInfo).port));
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (server) server.close(() => resolve());
      else resolve();
    });
  return { start, stop };
};

const aesGcmCodec = async (): Promise<ValueCodec> => {
  const key = await webcrypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  return {
    async encode(plain) {
      const iv = webcrypto.getRandomValues(new Uint8Array(12));
      const sealed = await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(plain));
      return `v1.${Buffer.from(iv).toString('base64')}.${Buffer.from(sealed).toString('base64')}`;
    },
    async decode(stored) {
      const [, iv = '', sealed = ''] = stored.split('.');
      const plain = await webcrypto.subtle.decrypt({ name: 'AES-GCM', iv: Buffer.from(iv, 'base64') }, key, Buffer.from(sealed, 'base64'));
      return new TextDecoder().decode(plain);
    },
  };
};

const expectStoreUnavailable = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  expect((error as GatewayError).code).toBe('UPSTREAM_UNAVAILABLE');
  expect((error as GatewayError).details).toEqual({ component: 'store' });
  expect((error as GatewayError).retryable).toBe(true);
  return error as GatewayError;
};

await describeWithRedis('Redis state', ({ url, namespace }) => {
  const keyPrefix = `${namespace}:`;
  let a: RedisClient;
  let b: RedisClient;
  let raw: Redis;

  beforeAll(async () => {
    a = createRedisConnection(url, { keyPrefix });
    b = createRedisConnection(url, { keyPrefix });
    raw = new Redis(url);
    expect(await waitForRedisReady(a, 2000)).toBe(true);
    expect(await waitForRedisReady(b, 2000)).toBe(true);
  });

  afterAll(async () => {
    await Promise.all([a.quit(), b.quit(), raw.quit()]);
  });

  cacheContract('redis', async () => ({
    cache: createRedisCache({ redis: a, clock: systemClock, namespace: 'caregate' }),
    clock: systemClock,
    advance: sleep,
  }));

  storeContract('redis (two connections)', async () => {
    const store = createRedisStore({ redis: a, namespace: 'caregate' });
    return { store, instances: [store, createRedisStore({ redis: b, namespace: 'caregate' })], advance: sleep };
  });

  describe('Redis specifics', () => {
    it('lays keys out as <prefix><namespace>:<kind>:<key> with TTL = fresh + stale', async () => {
      const cache = createRedisCache({ redis: a, clock: systemClock, namespace: 'caregate' });
      const store = createRedisStore({ redis: a, namespace: 'caregate' });
      await cache.set('layout', { x: 1 }, { ttlSeconds: 10, staleSeconds: 20 });
      await store.set('layout', 'kept', 5);
      await store.set('layout-forever', 'kept');

      const cachePttl = await raw.pttl(`${keyPrefix}caregate:cache:layout`);
      expect(cachePttl).toBeGreaterThan(29_000);
      expect(cachePttl).toBeLessThanOrEqual(30_000);
      const storePttl = await raw.pttl(`${keyPrefix}caregate:store:layout`);
      expect(storePttl).toBeGreaterThan(4_000);
      expect(storePttl).toBeLessThanOrEqual(5_000);
      expect(await raw.pttl(`${keyPrefix}caregate:store:layout-forever`)).toBe(-1);
      expect(JSON.parse((await raw.get(`${keyPrefix}caregate:store:layout`))!)).toBe('kept');
    });

    it('keeps an index in one hash-tagged sorted set and compare-and-sets the record key itself', async () => {
      const store = createRedisStore({ redis: a, namespace: 'caregate' });
      await store.indexAdd('ride-index:active:src-1', 'ride:abc', 1_700_000_000_000);
      const indexKey = `${keyPrefix}caregate:index:{ride-index:active:src-1}`;
      expect(await raw.type(indexKey)).toBe('zset');
      expect(await raw.zscore(indexKey, 'ride:abc')).toBe('1700000000000');
      expect(await store.compareAndSet('cas-layout', null, { n: 1 }, 5)).toBe(true);
      expect(JSON.parse((await raw.get(`${keyPrefix}caregate:store:cas-layout`))!)).toEqual({ n: 1 });
      expect(await raw.pttl(`${keyPrefix}caregate:store:cas-layout`)).toBeGreaterThan(4_000);
    });

    it('compare-and-sets sealed records (every write a new version) and rejects one that does not parse', async () => {
      const codec = await aesGcmCodec();
      const store = createRedisStore({ redis: a, namespace: 'enc-cas', codec });
      await store.set('r', { n: 1 });
      const first = (await store.getVersioned('r', z.object({ n: z.number() })))!;
      expect(await store.compareAndSet('r', first.version, { n: 1 })).toBe(true);
      // The same value sealed again is another version: the first reader's version is spent.
      expect(await store.compareAndSet('r', first.version, { n: 2 })).toBe(false);
      expect(await store.get('r', z.object({ n: z.number() }))).toEqual({ n: 1 });
      await raw.set(`${keyPrefix}caregate:store:ride:not-json`, '{"half');
      await expect(createRedisStore({ redis: a, namespace: 'caregate' }).get('ride:not-json', z.unknown())).rejects.toMatchObject({
        name: 'StateRecordInvalid',
        details: { reason: 'STATE_RECORD_INVALID', namespace: 'ride' },
      });
    });

    it('passes stored values through the codec (encryption at rest seam)', async () => {
      const codec = await aesGcmCodec();
      const cache = createRedisCache({ redis: a, clock: systemClock, namespace: 'enc', codec });
      const store = createRedisStore({ redis: b, namespace: 'enc', codec });
      await cache.set('c', { secret: 'member-XYZ123' }, { ttlSeconds: 60 });
      await store.set('s', { secret: 'member-XYZ123' });

      for (const k of [`${keyPrefix}enc:cache:c`, `${keyPrefix}enc:store:s`]) {
        const stored = (await raw.get(k))!;
        expect(stored.startsWith('v1.')).toBe(true);
        expect(stored).not.toContain('XYZ123');
      }
      expect((await cache.get(`c`, z.unknown())).entry?.value).toEqual({ secret: 'member-XYZ123' });
      expect(await store.get('s', z.unknown())).toEqual({ secret: 'member-XYZ123' });

      // Another key cannot decrypt: the cache answers a miss, the store an INTERNAL error.
      const errors: CacheOperation[] = [];
      const otherCodec = await aesGcmCodec();
      const otherCache = createRedisCache({ redis: a, clock: systemClock, namespace: 'enc', codec: otherCodec, onError: (_e, op) => errors.push(op) });
      expect((await otherCache.get('c', z.unknown())).entry).toBeUndefined();
      expect(errors).toEqual(['get']);
      const error = await createRedisStore({ redis: a, namespace: 'enc', codec: otherCodec }).get('s', z.unknown()).catch((e: unknown) => e);
      expect((error as GatewayError).code).toBe('INTERNAL');
    });

    it('reports Redis errors without the command arguments (key and value)', async () => {
      await raw.rpush(`${keyPrefix}caregate:cache:wrongtype-hmac`, 'x');
      await raw.rpush(`${keyPrefix}caregate:store:wrongtype-hmac`, 'x');
      const reported: Array<{ error: Error; op: CacheOperation }> = [];
      const cache = createRedisCache({ redis: a, clock: systemClock, namespace: 'caregate', onError: (error, op) => reported.push({ error, op }) });

      expect((await cache.get('wrongtype-hmac', z.unknown())).entry).toBeUndefined();
      expect(reported).toHaveLength(1);
      expect(reported[0]!.op).toBe('get');
      expect(reported[0]!.error.message).toMatch(/WRONGTYPE/);
      expect(reported[0]!.error.message).not.toContain('wrongtype-hmac');
      expect(JSON.stringify(reported[0]!.error, Object.getOwnPropertyNames(reported[0]!.error))).not.toContain('wrongtype-hmac');

      const error = await expectStoreUnavailable(createRedisStore({ redis: a, namespace: 'caregate' }).get('wrongtype-hmac', z.unknown()));
      expect(Object.keys(error.cause as object)).not.toContain('command');
    });

    it('degrades instead of failing when Redis is unreachable', async () => {
      const port = await closedPort();
      const connectionErrors: Error[] = [];
      const down = createRedisConnection(`redis://127.0.0.1:${port}`, {
        keyPrefix,
        maxReconnectDelayMs: 100,
        onError: (e) => connectionErrors.push(e),
      });
      try {
        const cacheErrors: CacheOperation[] = [];
        const cache = createRedisCache({ redis: down, clock: systemClock, namespace: 'caregate', onError: (_e, op) => cacheErrors.push(op) });
        const store = createRedisStore({ redis: down, namespace: 'caregate' });

        const started = performance.now();
        expect((await cache.get('k', z.unknown())).entry).toBeUndefined();
        await expect(cache.set('k', 'v', { ttlSeconds: 60 })).resolves.toBeUndefined();
        await expect(cache.delete('k')).resolves.toBeUndefined();
        expect(performance.now() - started).toBeLessThan(500); // fails fast, no waiting on reconnects
        expect(cacheErrors).toEqual(['get', 'set', 'delete']);

        await expectStoreUnavailable(store.get('k', z.unknown()));
        await expectStoreUnavailable(store.set('k', 'v'));
        await expectStoreUnavailable(store.setIfAbsent('k', 'v', 10));
        await expectStoreUnavailable(store.delete('k'));
        await expectStoreUnavailable(store.compareAndSet('k', null, 'v'));
        await expectStoreUnavailable(store.indexAdd('i', 'm', 1));
        await expectStoreUnavailable(store.indexRange('i', { limit: 10 }));
        expect(await store.ping()).toBe(false);
        expect(isRedisReady(down)).toBe(false);
        expect(await waitForRedisReady(down, 150)).toBe(false);
        expect(connectionErrors.length).toBeGreaterThan(0);
      } finally {
        down.disconnect();
      }
    });

    it('reconnects on its own when Redis comes back', async () => {
      const target = new URL(url);
      const relay = tcpRelay({ host: target.hostname || '127.0.0.1', port: Number(target.port || 6379) });
      const port = await relay.start(0);
      const viaRelay = new URL(url);
      viaRelay.hostname = '127.0.0.1';
      viaRelay.port = String(port);
      const conn = createRedisConnection(viaRelay.toString(), { keyPrefix, maxReconnectDelayMs: 100 });
      try {
        const store = createRedisStore({ redis: conn, namespace: 'caregate' });
        const cache = createRedisCache({ redis: conn, clock: systemClock, namespace: 'caregate' });
        expect(await waitForRedisReady(conn, 2000)).toBe(true);
        await store.set('survivor', { ok: 1 });
        await cache.set('survivor', 'cached', { ttlSeconds: 60 });

        await relay.stop();
        for (let i = 0; i < 50 && isRedisReady(conn); i++) await sleep(20);
        expect(isRedisReady(conn)).toBe(false);
        expect((await cache.get('survivor', z.unknown())).entry).toBeUndefined();
        await expectStoreUnavailable(store.get('survivor', z.unknown()));
        expect(await store.ping()).toBe(false);

        await relay.start(port);
        expect(await waitForRedisReady(conn, 3000)).toBe(true);
        expect(await store.get('survivor', z.unknown())).toEqual({ ok: 1 });
        expect((await cache.get('survivor', z.unknown())).entry?.value).toBe('cached');
        expect(await store.ping()).toBe(true);
      } finally {
        conn.disconnect();
        await relay.stop();
      }
    });
  });
});
