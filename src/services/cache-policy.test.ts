import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryCache } from '../../adapters/state/memory';
import { manualClock } from '../../test/shared/manual-clock';
import { GatewayError } from '../domain/errors';
import { createCachePolicy, type CacheEventKind } from './cache-policy';

const answerSchema = z.object({ answer: z.number() });

const setup = () => {
  const clock = manualClock(Date.parse('2030-01-01T00:00:00Z'));
  const events: CacheEventKind[] = [];
  const cache = createMemoryCache({ clock, maxEntries: 100 });
  const policy = createCachePolicy({ cache, clock, onEvent: (kind) => events.push(kind) });
  return { policy, cache, events, advance: (seconds: number) => clock.advance(seconds * 1000) };
};

const options = { ttlSeconds: 60, staleSeconds: 600 };

describe('cache policy', () => {
  it('coalesces 100 identical concurrent loads into one upstream call', async () => {
    const { policy } = setup();
    let calls = 0;
    const loader = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { answer: 42 };
    };
    const results = await Promise.all(Array.from({ length: 100 }, () => policy.load('k', answerSchema, loader, options)));
    expect(calls).toBe(1);
    expect(results.every((result) => result.value.answer === 42)).toBe(true);
  });

  it('answers fresh, then cached with its age, then reloads once expired', async () => {
    const { policy, advance } = setup();
    let version = 0;
    const loader = async () => ++version;
    expect((await policy.load('k', z.number(), loader, options)).freshness).toEqual({ state: 'FRESH', ageSeconds: 0, reason: null });
    advance(30);
    expect(await policy.load('k', z.number(), loader, options)).toEqual({ value: 1, freshness: { state: 'CACHED', ageSeconds: 30, reason: null } });
    advance(31);
    expect((await policy.load('k', z.number(), loader, options)).value).toBe(2);
  });

  it('serves a stale value, flagged with age and reason, when the upstream fails transiently', async () => {
    const { policy, advance } = setup();
    await policy.load('k', z.string(), async () => 'first', options);
    advance(120);
    const result = await policy.load('k', z.string(), async () => {
      throw new GatewayError('UPSTREAM_TIMEOUT', 'slow');
    }, options);
    expect(result).toEqual({ value: 'first', freshness: { state: 'STALE', ageSeconds: 120, reason: 'UPSTREAM_TIMEOUT' } });
  });

  it('does not hide a definitive upstream answer behind stale data, nor serve past the stale window', async () => {
    const { policy, advance } = setup();
    await policy.load('k', z.string(), async () => 'first', options);
    advance(120);
    await expect(policy.load('k', z.string(), async () => { throw new GatewayError('BAD_INPUT', 'no'); }, options)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    advance(1000);
    await expect(policy.load('k', z.string(), async () => { throw new GatewayError('UPSTREAM_UNAVAILABLE', 'down'); }, options)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('stale-while-revalidate answers at once and refreshes behind', async () => {
    const { policy, advance, events } = setup();
    let version = 0;
    const loader = async () => ++version;
    await policy.load('k', z.number(), loader, { ...options, swrSeconds: 30 });
    advance(70);
    expect((await policy.load('k', z.number(), loader, { ...options, swrSeconds: 30 })).value).toBe(1);
    expect(events).toContain('swr');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await policy.load('k', z.number(), loader, { ...options, swrSeconds: 30 })).value).toBe(2);
  });

  it('remembers a not-found briefly (negative caching)', async () => {
    const { policy, advance } = setup();
    let calls = 0;
    const notFound = async (): Promise<string> => {
      calls++;
      throw new GatewayError('NOT_FOUND', 'no such member', { details: { loop: 'subscriber' } });
    };
    const negative = { ttlSeconds: 30, matches: (error: GatewayError) => error.code === 'NOT_FOUND' };
    await expect(policy.load('k', z.string(), notFound, { ...options, negative })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(policy.load('k', z.string(), notFound, { ...options, negative })).rejects.toMatchObject({ code: 'NOT_FOUND', details: { loop: 'subscriber' } });
    expect(calls).toBe(1);
    advance(31);
    await expect(policy.load('k', z.string(), notFound, { ...options, negative })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(calls).toBe(2);
  });

  it('treats a cached value of another shape (an older deploy wrote it) as a miss, counts it, and replaces it', async () => {
    const { policy, cache, events } = setup();
    await cache.set('elig:k', { answer: 'forty-two' }, { ttlSeconds: 60 });
    let calls = 0;
    const result = await policy.load('elig:k', answerSchema, async () => ({ answer: ++calls }), options);
    expect(result).toEqual({ value: { answer: 1 }, freshness: { state: 'FRESH', ageSeconds: 0, reason: null } });
    expect(events).toEqual(['invalid', 'miss']);
    expect((await policy.load('elig:k', answerSchema, async () => ({ answer: ++calls }), options)).freshness.state).toBe('CACHED');
    expect(calls).toBe(1);
  });

  it('never serves an invalid value as stale when the upstream fails', async () => {
    const { policy, cache, events } = setup();
    await cache.set('elig:k', ['not', 'an', 'answer'], { ttlSeconds: 60, staleSeconds: 600 });
    await expect(policy.load('elig:k', answerSchema, async () => { throw new GatewayError('UPSTREAM_UNAVAILABLE', 'down'); }, options)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(events).toEqual(['invalid', 'miss']);
    expect((await cache.get('elig:k', z.unknown())).entry).toBeUndefined();
  });
});

describe('cache policy, batched (EHR records)', () => {
  const batchOptions = { ttlSeconds: 60, staleSeconds: 600, negativeTtlSeconds: 30 };
  const items = (...ids: string[]) => ids.map((id) => ({ id, key: `ehr:${id}` }));
  const upstream = (records: Record<string, string>) => {
    const calls: string[][] = [];
    let failure: GatewayError | null = null;
    return {
      calls,
      fail: (error: GatewayError | null) => {
        failure = error;
      },
      load: async (ids: readonly string[]) => {
        calls.push([...ids]);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (failure) throw failure;
        return new Map(ids.filter((id) => id in records).map((id) => [id, records[id] as string]));
      },
    };
  };

  it('asks the upstream only for the ids it does not hold, in one call', async () => {
    const { policy, events } = setup();
    const source = upstream({ a: 'A', b: 'B', c: 'C' });
    const first = await policy.loadMany(items('a', 'b'), z.string(), source.load, batchOptions);
    expect([...first.values()].map((r) => r.freshness.state)).toEqual(['FRESH', 'FRESH']);
    const second = await policy.loadMany(items('a', 'b', 'c'), z.string(), source.load, batchOptions);
    expect(source.calls).toEqual([['a', 'b'], ['c']]);
    expect(second.get('a')).toMatchObject({ value: 'A', freshness: { state: 'CACHED' } });
    expect(second.get('c')).toMatchObject({ value: 'C', freshness: { state: 'FRESH' } });
    expect(events.filter((e) => e === 'hit')).toHaveLength(2);
  });

  it('single-flight per record: concurrent batches overlapping on ids share the upstream call', async () => {
    const { policy } = setup();
    const source = upstream({ a: 'A', b: 'B', c: 'C' });
    const [x, y] = await Promise.all([policy.loadMany(items('a', 'b'), z.string(), source.load, batchOptions), policy.loadMany(items('b', 'c'), z.string(), source.load, batchOptions)]);
    expect(source.calls).toEqual([['a', 'b'], ['c']]);
    expect(x.get('b')?.value).toBe('B');
    expect(y.get('b')?.value).toBe('B');
  });

  it('remembers ids the upstream does not have for the negative TTL only', async () => {
    const { policy, advance, events } = setup();
    const source = upstream({ a: 'A' });
    expect([...(await policy.loadMany(items('a', 'ghost'), z.string(), source.load, batchOptions)).keys()]).toEqual(['a']);
    expect((await policy.loadMany(items('ghost'), z.string(), source.load, batchOptions)).size).toBe(0);
    expect(source.calls).toEqual([['a', 'ghost']]);
    expect(events).toContain('negative-hit');
    advance(31);
    await policy.loadMany(items('ghost'), z.string(), source.load, batchOptions);
    expect(source.calls).toEqual([['a', 'ghost'], ['ghost']]);
  });

  it('serves stale records with their age when the upstream is down, and fails when one id has no stale copy', async () => {
    const { policy, advance } = setup();
    const source = upstream({ a: 'A', b: 'B' });
    await policy.loadMany(items('a'), z.string(), source.load, batchOptions);
    advance(90);
    source.fail(new GatewayError('UPSTREAM_UNAVAILABLE', 'down'));
    const stale = await policy.loadMany(items('a'), z.string(), source.load, batchOptions);
    expect(stale.get('a')).toEqual({ value: 'A', freshness: { state: 'STALE', ageSeconds: 90, reason: 'UPSTREAM_UNAVAILABLE' } });
    await expect(policy.loadMany(items('a', 'b'), z.string(), source.load, batchOptions)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    // Garbage from the upstream is a broken upstream too: stale rather than nothing.
    source.fail(new GatewayError('UPSTREAM_INVALID', 'garbage'));
    expect((await policy.loadMany(items('a'), z.string(), source.load, batchOptions)).get('a')?.freshness.reason).toBe('UPSTREAM_INVALID');
    // A definitive refusal is not hidden behind stale data.
    source.fail(new GatewayError('BAD_INPUT', 'no'));
    await expect(policy.loadMany(items('a'), z.string(), source.load, batchOptions)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('stale-while-revalidate: answers cached at once and refreshes the batch behind', async () => {
    const { policy, advance, events } = setup();
    let version = 1;
    const calls: string[][] = [];
    const load = async (ids: readonly string[]) => {
      calls.push([...ids]);
      return new Map(ids.map((id) => [id, `${id}${version}`]));
    };
    await policy.loadMany(items('a', 'b'), z.string(), load, { ...batchOptions, swrSeconds: 30 });
    advance(70);
    version = 2;
    const answer = await policy.loadMany(items('a', 'b'), z.string(), load, { ...batchOptions, swrSeconds: 30 });
    expect(answer.get('a')?.value).toBe('a1');
    expect(events.filter((e) => e === 'swr')).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toEqual([['a', 'b'], ['a', 'b']]);
    expect((await policy.loadMany(items('a'), z.string(), load, { ...batchOptions, swrSeconds: 30 })).get('a')?.value).toBe('a2');
  });

  it('reloads only the records whose cached copy does not match the schema', async () => {
    const { policy, cache, events } = setup();
    const source = upstream({ a: 'A', b: 'B' });
    await policy.loadMany(items('a', 'b'), z.string(), source.load, batchOptions);
    await cache.set('ehr:b', { shape: 'of an older deploy' }, { ttlSeconds: 60 });
    const answer = await policy.loadMany(items('a', 'b'), z.string(), source.load, batchOptions);
    expect(source.calls).toEqual([['a', 'b'], ['b']]);
    expect(answer.get('a')?.freshness.state).toBe('CACHED');
    expect(answer.get('b')).toEqual({ value: 'B', freshness: { state: 'FRESH', ageSeconds: 0, reason: null } });
    expect(events.filter((e) => e === 'invalid')).toHaveLength(1);
  });
});
