import { env } from 'cloudflare:workers';
import { createDurableObjectRateLimiter, createDurableObjectStore } from '../../adapters/state/durable-object';
import { createMemoryRateLimiter } from '../../adapters/state/memory';
import { createWorkersKvCache } from '../../adapters/state/workers-kv';
import { systemClock } from '../../src/ports/clock';
import { cacheContract } from '../contract/cache.contract';
import { rateLimiterContract } from '../contract/rate-limiter.contract';
import { storeContract } from '../contract/store.contract';
import { manualClock } from '../shared/manual-clock';

/** The same port contract suites as memory and Redis, inside workerd, on the KV and Durable Object bindings. */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// The KV cache measures its entries' expiry on the injected clock (KV's own TTL cannot go under
// 60 s), so a fake clock moves time for it like for the memory cache.
cacheContract('workers-kv', async () => {
  const clock = manualClock(Date.now());
  return { cache: createWorkersKvCache({ kv: env.CACHE, clock, namespace: 'contract' }), clock, advance: async (ms) => clock.advance(ms) };
});

// The Durable Object keeps time on its own clock, like Redis: real waits.
storeContract('durable-object (two clients)', async () => {
  const store = createDurableObjectStore({ namespace: env.STATE, prefix: 'contract' });
  return { store, instances: [store, createDurableObjectStore({ namespace: env.STATE, prefix: 'contract' })], advance: sleep };
});

// Buckets refill on the object's clock: real waits.
rateLimiterContract('durable-object (two clients)', async () => {
  const make = () => createDurableObjectRateLimiter({ namespace: env.STATE, prefix: 'contract', fallback: createMemoryRateLimiter({ clock: systemClock }) });
  const limiter = make();
  return { limiter, instances: [limiter, make()], advance: sleep };
});
