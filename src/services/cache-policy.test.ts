import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../adapters/state/memory';
import { GatewayError } from '../domain/errors';
import { createCachePolicy, type CacheEventKind } from './cache-policy';

const setup = () => {
  let now = Date.parse('2030-01-01T00:00:00Z');
  const clock = { now: () => now };
  const events: CacheEventKind[] = [];
  const policy = createCachePolicy({ cache: createMemoryCache({ clock, maxEntries: 100 }), clock, onEvent: (kind) => events.push(kind) });
  return { policy, events, advance: (seconds: number) => (now += seconds * 1000) };
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
    const results = await Promise.all(Array.from({ length: 100 }, () => policy.load('k', loader, options)));
    expect(calls).toBe(1);
    expect(results.every((result) => result.value.answer === 42)).toBe(true);
  });

  it('answers fresh, then cached with its age, then reloads once expired', async () => {
    const { policy, advance } = setup();
    let version = 0;
    const loader = async () => ++version;
    expect((await policy.load('k', loader, options)).freshness).toEqual({ state: 'FRESH', ageSeconds: 0, reason: null });
    advance(30);
    expect(await policy.load('k', loader, options)).toEqual({ value: 1, freshness: { state: 'CACHED', ageSeconds: 30, reason: null } });
    advance(31);
    expect((await policy.load('k', loader, options)).value).toBe(2);
  });

  it('serves a stale value, flagged with age and reason, when the upstream fails transiently', async () => {
    const { policy, advance } = setup();
    await policy.load('k', async () => 'first', options);
    advance(120);
    const result = await policy.load('k', async () => {
      throw new GatewayError('UPSTREAM_TIMEOUT', 'slow');
    }, options);
    expect(result).toEqual({ value: 'first', freshness: { state: 'STALE', ageSeconds: 120, reason: 'UPSTREAM_TIMEOUT' } });
  });

  it('does not hide a definitive upstream answer behind stale data, nor serve past the stale window', async () => {
    const { policy, advance } = setup();
    await policy.load('k', async () => 'first', options);
    advance(120);
    await expect(policy.load('k', async () => { throw new GatewayError('BAD_INPUT', 'no'); }, options)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    advance(1000);
    await expect(policy.load('k', async () => { throw new GatewayError('UPSTREAM_UNAVAILABLE', 'down'); }, options)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('stale-while-revalidate answers at once and refreshes behind', async () => {
    const { policy, advance, events } = setup();
    let version = 0;
    const loader = async () => ++version;
    await policy.load('k', loader, { ...options, swrSeconds: 30 });
    advance(70);
    expect((await policy.load('k', loader, { ...options, swrSeconds: 30 })).value).toBe(1);
    expect(events).toContain('swr');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await policy.load('k', loader, { ...options, swrSeconds: 30 })).value).toBe(2);
  });

  it('remembers a not-found briefly (negative caching)', async () => {
    const { policy, advance } = setup();
    let calls = 0;
    const notFound = async (): Promise<string> => {
      calls++;
      throw new GatewayError('NOT_FOUND', 'no such member', { details: { loop: 'subscriber' } });
    };
    const negative = { ttlSeconds: 30, matches: (error: GatewayError) => error.code === 'NOT_FOUND' };
    await expect(policy.load('k', notFound, { ...options, negative })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(policy.load('k', notFound, { ...options, negative })).rejects.toMatchObject({ code: 'NOT_FOUND', details: { loop: 'subscriber' } });
    expect(calls).toBe(1);
    advance(31);
    await expect(policy.load('k', notFound, { ...options, negative })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(calls).toBe(2);
  });
});
