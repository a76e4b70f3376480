import { GatewayError } from '../../domain/errors';
import type { Store } from '../../ports/store';

/**
 * A short mutual-exclusion lease over the Store (SET NX with a TTL in Redis), for the few
 * read-modify-write steps that must not interleave across gateway instances: one ride record
 * updated by two webhooks at once, the active-ride index. The TTL bounds how long a crashed
 * holder blocks others; holders finish well within it.
 */
export interface StoreLocks {
  /** Runs `fn` holding the lease named `key`; waits for it at most `waitMs`, then fails retryably. */
  withLock<T>(key: string, fn: () => Promise<T>, options?: { ttlSeconds?: number; waitMs?: number }): Promise<T>;
}

export interface StoreLockDeps {
  store: Store;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createStoreLocks(deps: StoreLockDeps): StoreLocks {
  const sleep = deps.sleep ?? defaultSleep;
  const now = deps.now ?? Date.now;
  return {
    async withLock(key, fn, options = {}) {
      const ttlSeconds = options.ttlSeconds ?? 15;
      const deadline = now() + (options.waitMs ?? 10_000);
      const token = crypto.randomUUID();
      const lockKey = `lock:${key}`;
      let pause = 10;
      while (!(await deps.store.setIfAbsent(lockKey, token, ttlSeconds))) {
        if (now() >= deadline) {
          throw new GatewayError('UPSTREAM_UNAVAILABLE', 'The record is busy; try again', { retryable: true, details: { component: 'store-lock' } });
        }
        await sleep(pause + Math.random() * pause);
        pause = Math.min(pause * 2, 100);
      }
      try {
        return await fn();
      } finally {
        // Release only our own lease: if it expired and another holder took it, leave theirs alone.
        // (Check-then-delete is not atomic; the window is one round trip on an already-expired lease.)
        const holder = await deps.store.get<string>(lockKey).catch(() => undefined);
        if (holder === token) await deps.store.delete(lockKey).catch(() => undefined);
      }
    },
  };
}
