import { z } from 'zod';
import { GatewayError } from '../../../src/domain/errors';
import type { Store } from '../../../src/ports/store';
import { encodeHex } from '../common/hmac';

/**
 * The organisation's Lyft refresh token, shared by every gateway instance through the Store.
 * Lyft's docs show refresh answers without a new refresh token, but OAuth lets a server rotate
 * it (RFC 6749 section 6), and a rotating server revokes the old one: an instance that kept
 * using the configured token after another rotated it would be refused, and one that reused a
 * rotated token may get the whole grant revoked. So:
 * - the newest refresh token lives in the Store (sealed at rest by the Store's value encryption,
 *   CACHE_ENCRYPTION_KEY, which production requires for Redis, KV and Durable Objects), tagged
 *   with a digest of the configured token it descends from: when the operator configures a new
 *   token (the account was authorized again) the stored descendant of the old one is ignored;
 * - one instance at a time refreshes (a short lease, `setIfAbsent` with a TTL), so no refresh
 *   token is ever sent twice;
 * - a rotated token is written with `compareAndSet` on the version read under the lease, so a
 *   writer whose lease lapsed cannot overwrite a newer token with an older one.
 */
export interface RefreshTokenKeeperOptions {
  sourceId: string;
  store: Store;
  /** The refresh token from config (`auth.refreshToken`). */
  configured: string;
  /** Longest one exchange may take (the token call's timeout): the lease outlives it. */
  exchangeTimeoutMs: number;
  /** How long to wait for another instance's refresh before giving up (default: the lease). */
  maxWaitMs?: number;
}

export interface RefreshExchange<T> {
  result: T;
  /** The refresh token the token endpoint answered, if any (a rotation when it differs). */
  rotated: string | undefined;
}

export interface RefreshTokenKeeper {
  /** Runs `exchange` with the newest refresh token, holding the lease, and keeps a rotated one. */
  refresh<T>(exchange: (refreshToken: string) => Promise<RefreshExchange<T>>): Promise<T>;
}

const storedRefreshToken = z.object({ refreshToken: z.string().min(1), origin: z.string().min(1) });
const lease = z.object({ holder: z.string() });
const LEASE_POLL_MS = 100;

const digest = async (text: string) => encodeHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createRefreshTokenKeeper(options: RefreshTokenKeeperOptions): RefreshTokenKeeper {
  const { store, sourceId } = options;
  const key = `lyft-refresh-token:${sourceId}`;
  const leaseKey = `lyft-refresh-lease:${sourceId}`;
  const leaseSeconds = Math.ceil((2 * options.exchangeTimeoutMs) / 1000) + 5;
  const maxWaitMs = options.maxWaitMs ?? leaseSeconds * 1000;
  const origin = digest(`caregate-lyft-refresh-origin:${options.configured}`);

  const release = async (holder: string) => {
    try {
      const current = await store.getVersioned(leaseKey, lease);
      if (current?.value.holder === holder) await store.compareAndDelete(leaseKey, current.version);
    } catch {
      // The lease expires on its own; a failed release only delays the next refresh.
    }
  };

  const refreshHoldingLease = async <T>(exchange: (refreshToken: string) => Promise<RefreshExchange<T>>): Promise<T> => {
    const record = await store.getVersioned(key, storedRefreshToken);
    const ours = record?.value.origin === (await origin) ? record.value.refreshToken : null;
    const current = ours ?? options.configured;
    const { result, rotated } = await exchange(current);
    if (rotated && rotated !== current) {
      // Only fails when our lease lapsed and another instance refreshed meanwhile: what it wrote
      // descends from a later read than ours, so it stays.
      await store.compareAndSet(key, record?.version ?? null, { refreshToken: rotated, origin: await origin });
    }
    return result;
  };

  return {
    async refresh(exchange) {
      const giveUpAt = Date.now() + maxWaitMs;
      for (;;) {
        const holder = crypto.randomUUID();
        if (await store.setIfAbsent(leaseKey, { holder }, leaseSeconds)) {
          try {
            return await refreshHoldingLease(exchange);
          } finally {
            await release(holder);
          }
        }
        if (Date.now() >= giveUpAt) {
          throw new GatewayError('UPSTREAM_UNAVAILABLE', 'Another gateway instance is refreshing the Lyft token; try again shortly', {
            retryable: true,
            details: { sourceId },
          });
        }
        // Real time, not the injected Clock: this waits for another process, not for a deadline.
        await pause(LEASE_POLL_MS);
      }
    },
  };
}
