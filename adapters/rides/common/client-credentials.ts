import type { Clock } from '../../../src/ports/clock';

/**
 * OAuth 2.0 client-credentials token, fetched once and shared until shortly before it expires.
 * Vendors limit their token endpoints (Uber: 100 requests an hour), so a token per call would
 * lock us out; concurrent callers share one in-flight request.
 */
export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface TokenSource {
  get(): Promise<string>;
  /** Drops the token if it is still the cached one (the vendor answered 401 to it). */
  invalidate(accessToken: string): void;
}

export function createTokenSource(fetchToken: () => Promise<IssuedToken>, clock: Clock): TokenSource {
  let cached: { token: string; refreshAt: number } | null = null;
  let inFlight: Promise<string> | null = null;
  return {
    get() {
      if (cached && clock.now() < cached.refreshAt) return Promise.resolve(cached.token);
      if (inFlight) return inFlight;
      inFlight = (async () => {
        try {
          const issued = await fetchToken();
          const lifetimeMs = issued.expiresInSeconds * 1000;
          // Refresh a minute early (or a tenth of a short lifetime) so no call starts with a token about to lapse.
          const skewMs = Math.min(60_000, lifetimeMs / 10);
          cached = { token: issued.accessToken, refreshAt: clock.now() + lifetimeMs - skewMs };
          return issued.accessToken;
        } finally {
          inFlight = null;
        }
      })();
      return inFlight;
    },
    invalidate(accessToken) {
      if (cached?.token === accessToken) cached = null;
    },
  };
}
