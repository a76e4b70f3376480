import { createDurableObjectRateLimiter, createDurableObjectStore } from '../../adapters/state/durable-object';
import { createMemoryCache, createMemoryRateLimiter, createMemoryStore } from '../../adapters/state/memory';
import { createWorkersKvCache } from '../../adapters/state/workers-kv';
import { ConfigError, type ConfigProblems } from '../../config/parse-config';
import type { GatewayConfig } from '../../config/schema';
import type { ReadinessCheck } from '../http/readiness';
import type { Cache } from '../ports/cache';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { RateLimiter } from '../ports/rate-limiter';
import type { Store } from '../ports/store';
import type { ValueEncryption } from '../crypto/value-encryption';
import { valueEncryptionFromEnv } from './value-encryption-from-env';
import type { WorkerEnv } from './worker-env';

export interface WorkerState {
  cache: Cache;
  store: Store;
  rateLimiter: RateLimiter;
  readiness?: ReadinessCheck;
}

/**
 * KV values and Durable Object records hold PHI (eligibility answers, ride links). Cloudflare
 * encrypts its storage at rest, but the gateway seals them too, as it does in Redis: with
 * CACHE_ENCRYPTION_KEY(S) (a Worker secret), bound to each value's key name. Production refuses
 * to start without a key.
 */
export const workerValueEncryption = (env: WorkerEnv, mode: GatewayConfig['mode'], problems: ConfigProblems): Promise<ValueEncryption | undefined> =>
  valueEncryptionFromEnv(
    (name) => (typeof env[name] === 'string' && env[name] !== '' ? env[name] : undefined),
    mode === 'production' ? 'CACHE_ENCRYPTION_KEY is required in production: KV and Durable Object values hold PHI (wrangler secret put CACHE_ENCRYPTION_KEY)' : undefined,
    problems,
  );

/**
 * Workers-native state: KV for the cache, the CaregateState Durable Object for the store and
 * rate limits. Without bindings (sandbox) each isolate keeps its own memory state; production
 * refuses that for the store, because isolates come and go and run side by side, so a
 * per-isolate idempotency or jti set would protect nothing.
 */
export function createWorkerState(
  env: WorkerEnv,
  deps: { config: GatewayConfig; clock: Clock; logger: Logger; codec?: ValueEncryption | undefined },
): WorkerState {
  const { clock, logger, codec } = deps;
  const namespace = env.STATE_NAMESPACE || 'caregate';
  if (!env.STATE && deps.config.mode === 'production') {
    throw new ConfigError('Invalid deployment: production on Workers needs the STATE Durable Object binding (wrangler.toml)');
  }
  if (!env.CACHE && deps.config.mode === 'production') logger.warn('no CACHE KV binding: caching per isolate only');

  const cache = env.CACHE
    ? createWorkersKvCache({ kv: env.CACHE, clock, namespace, ...(codec ? { codec } : {}), onError: (_error, operation) => logger.warn('cache backend unavailable', { operation }) })
    : createMemoryCache({ clock, maxEntries: 5_000 });
  if (!env.STATE) return { cache, store: createMemoryStore({ clock }), rateLimiter: createMemoryRateLimiter({ clock }) };

  const store = createDurableObjectStore({ namespace: env.STATE, prefix: namespace, ...(codec ? { codec } : {}) });
  const rateLimiter = createDurableObjectRateLimiter({
    namespace: env.STATE,
    prefix: namespace,
    fallback: createMemoryRateLimiter({ clock }),
    onDegradedChange: (degraded, error) =>
      degraded
        ? logger.warn('rate limiter: durable object unavailable, failing open to per-isolate buckets', { error: error?.name })
        : logger.info('rate limiter: durable object back, shared buckets again'),
  });
  return { cache, store, rateLimiter, readiness: { name: 'durable-object', critical: false, probe: () => store.ping() } };
}
