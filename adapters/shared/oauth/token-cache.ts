import type { Clock } from '../../../src/ports/clock';

/**
 * An OAuth access token (client credentials, or SMART's signed-assertion variant), fetched once
 * and shared until shortly before it expires. Token endpoints are rate limited (Uber: 100
 * requests an hour) and slow, so a token per call would lock us out: concurrent callers share
 * one in-flight request, and a failure is not cached. How the token is asked for stays with each
 * adapter (form or JSON body, Basic auth, a JWT assertion); only the caching is shared.
 */
export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface TokenCache {
  /** The cached token, or a fresh one when none is cached or it is about to lapse. */
  get(): Promise<string>;
  /**
   * The upstream answered 401 to `rejectedToken`: drop it if it is still the cached one, so the
   * next get() fetches anew. Another caller may already hold a newer token; that one stays.
   */
  invalidate(rejectedToken: string): void;
}

/** Refresh a minute early (or a tenth of a short lifetime) so no call starts with a token about to lapse. */
const refreshMarginMs = (lifetimeMs: number) => Math.min(60_000, lifetimeMs / 10);

export function createTokenCache(fetchToken: () => Promise<IssuedToken>, clock: Clock): TokenCache {
  let cached: { token: string; refreshAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  const refresh = async (): Promise<string> => {
    const issued = await fetchToken();
    const lifetimeMs = issued.expiresInSeconds * 1000;
    cached = { token: issued.accessToken, refreshAt: clock.now() + lifetimeMs - refreshMarginMs(lifetimeMs) };
    return issued.accessToken;
  };

  return {
    get() {
      if (cached && clock.now() < cached.refreshAt) return Promise.resolve(cached.token);
      // finally() runs as a later microtask, so the slot is cleared only after it was set.
      inFlight ??= refresh().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    invalidate(rejectedToken) {
      if (cached?.token === rejectedToken) cached = null;
    },
  };
}
