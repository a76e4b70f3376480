import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryCache, createMemoryStore } from '../../adapters/state/memory';
import { manualClock } from '../shared/manual-clock';
import { cacheContract } from './cache.contract';
import { storeContract } from './store.contract';

const start = Date.UTC(2025, 0, 1);

cacheContract('memory', async () => {
  const clock = manualClock(start);
  return { cache: createMemoryCache({ clock, maxEntries: 1000 }), clock, advance: async (ms) => clock.advance(ms) };
});

storeContract('memory', async () => {
  const clock = manualClock(start);
  const store = createMemoryStore({ clock });
  return { store, instances: [store], advance: async (ms) => clock.advance(ms) };
});

describe('memory state specifics', () => {
  it('evicts the least recently used cache entry past maxEntries', async () => {
    const clock = manualClock(start);
    const cache = createMemoryCache({ clock, maxEntries: 2 });
    await cache.set('a', 1, { ttlSeconds: 60 });
    await cache.set('b', 2, { ttlSeconds: 60 });
    await cache.get('a', z.unknown()); // a is now more recent than b
    await cache.set('c', 3, { ttlSeconds: 60 });
    expect((await cache.get('a', z.unknown())).entry?.value).toBe(1);
    expect((await cache.get('b', z.unknown())).entry).toBeUndefined();
    expect((await cache.get('c', z.unknown())).entry?.value).toBe(3);
  });

  it('caps the store at maxEntries', async () => {
    const clock = manualClock(start);
    const store = createMemoryStore({ clock, maxEntries: 2 });
    await store.set('a', 1);
    await store.set('b', 2);
    await store.set('c', 3);
    expect(await store.get('a', z.unknown())).toBeUndefined();
    expect(await store.get('c', z.unknown())).toBe(3);
  });

  it('expires entries on a fake clock that starts at 0', async () => {
    // lru-cache reads a start time of 0 as "no ttl"; the adapters must not inherit that.
    const clock = manualClock(0);
    const cache = createMemoryCache({ clock, maxEntries: 10 });
    const store = createMemoryStore({ clock });
    await cache.set('k', 'v', { ttlSeconds: 1 });
    await store.set('k', 'v', 1);
    clock.advance(1500);
    expect((await cache.get('k', z.unknown())).entry).toBeUndefined();
    expect(await store.get('k', z.unknown())).toBeUndefined();
  });
});
