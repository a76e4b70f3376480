import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  bucketObjectName,
  createDurableObjectRateLimiter,
  createDurableObjectStore,
  indexObjectName,
  storeObjectName,
  type CaregateState,
} from '../../adapters/state/durable-object';
import { createMemoryRateLimiter } from '../../adapters/state/memory';
import { createWorkersKvCache, KV_MAX_KEY_BYTES, type KvCacheOperation } from '../../adapters/state/workers-kv';
import { GatewayError } from '../../src/domain/errors';
import { createValueEncryption } from '../../src/crypto/value-encryption';
import { manualClock } from '../shared/manual-clock';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const randomKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

const uniq = (label: string) => `${label}-${crypto.randomUUID()}`;

describe('Workers KV cache specifics', () => {
  it('asks KV for at least 60 s (its minimum) yet drops the entry at its own, shorter expiry', async () => {
    const clock = manualClock(Date.now());
    const ns = uniq('kv-ttl');
    const cache = createWorkersKvCache({ kv: env.CACHE, clock, namespace: ns });
    await cache.set('k', { v: 1 }, { ttlSeconds: 1, staleSeconds: 1 });
    const listed = await env.CACHE.list({ prefix: `${ns}:cache:` });
    expect(listed.keys.map((key) => key.name)).toEqual([`${ns}:cache:k`]);
    // KV's own expiry: >= 60 s from now, in epoch seconds.
    expect(listed.keys[0]?.expiration).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 59);

    clock.advance(1500); // past fresh, inside stale
    expect((await cache.get('k', z.unknown())).entry?.value).toEqual({ v: 1 });
    clock.advance(1000); // past fresh + stale: a miss, though KV still holds the bytes
    expect((await cache.get('k', z.unknown())).entry).toBeUndefined();
    expect(await env.CACHE.get(`${ns}:cache:k`)).not.toBeNull();
  });

  it('hashes keys that would exceed KV’s 512-byte limit, keeping them apart', async () => {
    const clock = manualClock(Date.now());
    const ns = uniq('kv-long');
    const cache = createWorkersKvCache({ kv: env.CACHE, clock, namespace: ns });
    const long = 'é'.repeat(400); // 800 bytes in UTF-8
    await cache.set(long, 'a', { ttlSeconds: 60 });
    await cache.set(`${long}x`, 'b', { ttlSeconds: 60 });
    expect((await cache.get(long, z.unknown())).entry?.value).toBe('a');
    expect((await cache.get(`${long}x`, z.unknown())).entry?.value).toBe('b');
    const { keys } = await env.CACHE.list({ prefix: `${ns}:cache:` });
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(new TextEncoder().encode(key.name).length).toBeLessThanOrEqual(KV_MAX_KEY_BYTES);
  });

  it('seals values with the gateway’s AES-GCM encryption (WebCrypto), bound to the key name', async () => {
    const clock = manualClock(Date.now());
    const ns = uniq('kv-sealed');
    const reported: KvCacheOperation[] = [];
    const codec = await createValueEncryption(randomKey());
    const cache = createWorkersKvCache({ kv: env.CACHE, clock, namespace: ns, codec, onError: (_e, operation) => reported.push(operation) });
    await cache.set('k', { member: 'XYZ123' }, { ttlSeconds: 60 });
    const { value: raw, metadata } = await env.CACHE.getWithMetadata(`${ns}:cache:k`, 'text');
    expect(raw?.startsWith('g1.')).toBe(true);
    expect(raw).not.toContain('XYZ123');
    expect((await cache.get('k', z.unknown())).entry?.value).toEqual({ member: 'XYZ123' });
    // The same bytes under another key name do not open: a miss, reported, never the wrong record.
    await env.CACHE.put(`${ns}:cache:other`, raw as string, { metadata });
    expect((await cache.get('other', z.unknown())).entry).toBeUndefined();
    expect(reported).toEqual(['get']);
  });

  it('answers a miss and reports the operation when KV fails (best effort, no key in the report)', async () => {
    const clock = manualClock(Date.now());
    const failing = new Proxy(env.CACHE, {
      get: (target, name) => (name === 'list' ? target.list.bind(target) : () => Promise.reject(new Error('KV GET failed: 503 Service Unavailable'))),
    });
    const reported: [string, KvCacheOperation][] = [];
    const cache = createWorkersKvCache({ kv: failing, clock, namespace: 'down', onError: (error, operation) => reported.push([error.message, operation]) });
    await expect(cache.set('member-XYZ', 'v', { ttlSeconds: 60 })).resolves.toBeUndefined();
    expect((await cache.get('member-XYZ', z.unknown())).entry).toBeUndefined();
    await expect(cache.delete('member-XYZ')).resolves.toBeUndefined();
    expect(reported.map(([, operation]) => operation)).toEqual(['set', 'get', 'delete']);
    expect(JSON.stringify(reported)).not.toContain('member-XYZ');
  });
});

/** The real binding with its methods bound (a binding's native methods refuse a Proxy as `this`). */
const passThrough = (target: object, name: string | symbol) => {
  const value = Reflect.get(target, name) as unknown;
  return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
};

const stubOf = (name: string) => env.STATE.get(env.STATE.idFromName(name));

const tablesOf = (stub: DurableObjectStub<CaregateState>) =>
  runInDurableObject(stub, (_instance, state) => state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").toArray().map((row) => row.name));

describe('Durable Object store specifics', () => {
  it('keeps one object per key, and a read of a never-written key allocates no storage', async () => {
    const prefix = uniq('do-alloc');
    const store = createDurableObjectStore({ namespace: env.STATE, prefix });
    expect(await store.get('nobody', z.unknown())).toBeUndefined();
    expect(await tablesOf(stubOf(storeObjectName(prefix, 'nobody')))).toEqual([]);
    await store.set('somebody', 1);
    expect(await tablesOf(stubOf(storeObjectName(prefix, 'somebody')))).toEqual(expect.arrayContaining(['records', 'buckets']));
  });

  it('deletes expired records on its alarm and frees an object left empty', async () => {
    const prefix = uniq('do-alarm');
    const store = createDurableObjectStore({ namespace: env.STATE, prefix });
    await store.set('jti-1', { used: true }, 0.3);
    const stub = stubOf(storeObjectName(prefix, 'jti-1'));
    const alarmOf = () => runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
    expect(await alarmOf()).toBeGreaterThan(Date.now());
    // An alarm before the expiry deletes nothing and sleeps again until the record expires.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await store.get('jti-1', z.unknown())).toEqual({ used: true });
    expect(await alarmOf()).not.toBeNull();
    // Then the runtime fires it on time: the record is gone and the object holds nothing.
    for (let i = 0; i < 40 && (await tablesOf(stub)).length > 0; i++) await sleep(50);
    expect(await tablesOf(stub)).toEqual([]);
    expect(await alarmOf()).toBeNull();
    // The object still works after freeing itself.
    expect(await store.setIfAbsent('jti-1', { again: true })).toBe(true);
    expect(await store.get('jti-1', z.unknown())).toEqual({ again: true });
  });

  it('seals records with the gateway’s encryption; another key cannot open them (INTERNAL, not a silent miss)', async () => {
    const prefix = uniq('do-sealed');
    const store = createDurableObjectStore({ namespace: env.STATE, prefix, codec: await createValueEncryption(randomKey()) });
    await store.set('ride-link', { appointment: 'appt-XYZ123' });
    const raw = await runInDurableObject(stubOf(storeObjectName(prefix, 'ride-link')), (_instance, state) =>
      state.storage.sql.exec<{ value: string }>('SELECT value FROM records').one().value,
    );
    expect(raw.startsWith('g1.')).toBe(true);
    expect(raw).not.toContain('XYZ123');
    expect(await store.get('ride-link', z.unknown())).toEqual({ appointment: 'appt-XYZ123' });
    const otherKey = createDurableObjectStore({ namespace: env.STATE, prefix, codec: await createValueEncryption(randomKey()) });
    await expect(otherKey.get('ride-link', z.unknown())).rejects.toMatchObject({ code: 'INTERNAL', details: { component: 'store' } });
  });

  it('brings an object written before compare-and-set (no version column) up to date on first use', async () => {
    const prefix = uniq('do-migrate');
    const stub = stubOf(storeObjectName(prefix, 'old'));
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec('CREATE TABLE records (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER)');
      state.storage.sql.exec('INSERT INTO records (key, value, expires_at) VALUES (?, ?, NULL)', 'old', JSON.stringify({ n: 1 }));
    });
    const store = createDurableObjectStore({ namespace: env.STATE, prefix });
    const read = await store.getVersioned('old', z.object({ n: z.number() }));
    expect(read?.value).toEqual({ n: 1 });
    expect(await store.compareAndSet('old', read!.version, { n: 2 })).toBe(true);
    expect(await store.compareAndSet('old', read!.version, { n: 3 })).toBe(false);
    expect(await store.get('old', z.object({ n: z.number() }))).toEqual({ n: 2 });
  });

  it('keeps an ordered index in one object of its own, freed once emptied', async () => {
    const prefix = uniq('do-index');
    const store = createDurableObjectStore({ namespace: env.STATE, prefix });
    await store.indexAdd('ride-index:active:lyft', 'ride:a', 2);
    await store.indexAdd('ride-index:active:lyft', 'ride:b', 1);
    const stub = stubOf(indexObjectName(prefix, 'ride-index:active:lyft'));
    expect(await tablesOf(stub)).toContain('index_entries');
    expect((await store.indexRange('ride-index:active:lyft', { limit: 10 })).entries.map((e) => e.member)).toEqual(['ride:b', 'ride:a']);
    await store.indexRemove('ride-index:active:lyft', 'ride:a');
    await store.indexRemove('ride-index:active:lyft', 'ride:b');
    expect(await tablesOf(stub)).toEqual([]);
  });

  it('rejects with UPSTREAM_UNAVAILABLE (component store) when the object cannot be reached', async () => {
    const unreachable = new Proxy(env.STATE, {
      get: (target, name) =>
        name === 'get'
          ? () => new Proxy({}, { get: () => () => Promise.reject(new Error('Durable Object reset because its code was updated.')) })
          : passThrough(target, name),
    });
    const store = createDurableObjectStore({ namespace: unreachable, prefix: 'down' });
    for (const attempt of [store.get('k', z.unknown()), store.set('k', 1), store.setIfAbsent('k', 1, 10), store.delete('k'), store.compareAndSet('k', null, 1), store.indexAdd('i', 'm', 1), store.indexRange('i', { limit: 5 })]) {
      const error = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, details: { component: 'store' } });
    }
    expect(await store.ping()).toBe(false);
  });
});

describe('Durable Object rate limiter', () => {
  const limit = { perSecond: 10, burst: 3 };

  it('shares one bucket between limiter clients, refuses past the burst with Retry-After, refills', async () => {
    const prefix = uniq('do-rl');
    const fallback = createMemoryRateLimiter({ clock: { now: () => Date.now() } });
    const a = createDurableObjectRateLimiter({ namespace: env.STATE, prefix, fallback });
    const b = createDurableObjectRateLimiter({ namespace: env.STATE, prefix, fallback });
    const decisions = [await a.take('partner-1', limit), await b.take('partner-1', limit), await a.take('partner-1', limit), await b.take('partner-1', limit)];
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    expect(decisions[3]?.retryAfterSeconds).toBe(1);
    // Another key has its own bucket.
    expect((await a.take('partner-2', limit)).allowed).toBe(true);
    await sleep(250); // 10/s: two tokens back
    expect((await b.take('partner-1', limit)).allowed).toBe(true);
    expect(await tablesOf(stubOf(bucketObjectName(prefix, 'partner-1')))).toContain('buckets');
  });

  it('lets 20 concurrent takes through exactly burst times', async () => {
    const prefix = uniq('do-rl-race');
    const limiter = createDurableObjectRateLimiter({ namespace: env.STATE, prefix, fallback: createMemoryRateLimiter({ clock: { now: () => Date.now() } }) });
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.take('p', { perSecond: 0.01, burst: 5 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  it('fails open to its fallback while the object is unreachable, and says so once each way', async () => {
    let down = true;
    const flaky = new Proxy(env.STATE, {
      get: (target, name) =>
        name === 'get' && down
          ? () => new Proxy({}, { get: () => () => Promise.reject(new Error('Durable Object is overloaded.')) })
          : passThrough(target, name),
    });
    const changes: boolean[] = [];
    const limiter = createDurableObjectRateLimiter({
      namespace: flaky,
      prefix: uniq('do-rl-down'),
      fallback: createMemoryRateLimiter({ clock: { now: () => Date.now() } }),
      onDegradedChange: (degraded) => changes.push(degraded),
    });
    expect((await limiter.take('p', limit)).allowed).toBe(true);
    expect((await limiter.take('p', limit)).allowed).toBe(true);
    down = false;
    expect((await limiter.take('p', limit)).remaining).toBe(2); // a fresh shared bucket
    expect(changes).toEqual([true, false]);
  });
});
