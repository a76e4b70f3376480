import type { JWK } from 'jose';
import { z } from 'zod';
import type { Clock } from '../../ports/clock';
import type { FetchFn } from '../../ports/fetch';

/** A partner's JWKS document; keys stay loose (kty-specific members are checked on import). */
const jwksSchema = z.object({
  keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional(), alg: z.string().optional(), use: z.string().optional() })).max(100),
});

export interface RemoteJwksOptions {
  fetch: FetchFn;
  clock: Clock;
  /** Per fetch (default 5 s). */
  timeoutMs?: number;
  /** Freshness when the response has no max-age (default 300 s). */
  defaultMaxAgeSeconds?: number;
  /** Bounds on honoured max-age (default 5 s .. 24 h): the floor keeps `no-cache` from turning every token request into a fetch. */
  minMaxAgeSeconds?: number;
  maxMaxAgeSeconds?: number;
  /** Least time between two fetches of one URI caused by unknown kids or failures (default 10 s). */
  cooldownSeconds?: number;
  /** Largest JWKS body accepted (default 64 KB). */
  maxBytes?: number;
}

export interface KeyLookup {
  key: JWK | undefined;
  /** True when the URI could not be fetched and no earlier copy exists. */
  unavailable: boolean;
}

export interface RemoteJwks {
  /** The key with `kid` from the JWKS at `uri`: cached per Cache-Control, refetched once on an unknown kid. */
  findKey(uri: string, kid: string): Promise<KeyLookup>;
}

interface Entry {
  keys: JWK[];
  /** Epoch ms of the last fetch attempt, successful or not (the cooldown runs from it). */
  attemptedAt: number;
  /** Epoch ms after which the next lookup fetches again. */
  freshUntil: number;
  /** False for a placeholder recorded after a failed first fetch. */
  loaded: boolean;
}

/** `max-age` seconds from a Cache-Control header (0 for no-store / no-cache), or undefined when it says nothing. */
export const maxAgeOf = (cacheControl: string | null): number | undefined => {
  if (!cacheControl) return undefined;
  const directives = cacheControl.toLowerCase().split(',').map((part) => part.trim());
  if (directives.some((d) => d === 'no-store' || d === 'no-cache')) return 0;
  const maxAge = directives.map((d) => /^max-age=(\d+)$/.exec(d)?.[1]).find((value) => value !== undefined);
  return maxAge === undefined ? undefined : Number(maxAge);
};

/**
 * Written by hand rather than with jose's createRemoteJWKSet: that one caches for a fixed
 * `cacheMaxAge` and cannot honour the partner's Cache-Control, which the SMART flow asks for.
 * One fetch at a time per URI (concurrent lookups share it); a failed refresh keeps serving
 * the last good keys; fetches go through the injected fetch with a timeout and a size cap.
 */
export function createRemoteJwks(options: RemoteJwksOptions): RemoteJwks {
  const timeoutMs = options.timeoutMs ?? 5000;
  const defaultMaxAge = options.defaultMaxAgeSeconds ?? 300;
  const minMaxAge = options.minMaxAgeSeconds ?? 5;
  const maxMaxAge = options.maxMaxAgeSeconds ?? 86_400;
  const cooldownMs = (options.cooldownSeconds ?? 10) * 1000;
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Entry>>();

  const download = async (uri: string): Promise<{ keys: JWK[]; maxAgeSeconds: number }> => {
    const response = await options.fetch(uri, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`JWKS fetch answered HTTP ${response.status}`);
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > maxBytes) throw new Error('JWKS too large');
    const text = await response.text();
    if (text.length > maxBytes) throw new Error('JWKS too large');
    const parsed = jwksSchema.parse(JSON.parse(text));
    const maxAge = maxAgeOf(response.headers.get('cache-control')) ?? defaultMaxAge;
    return { keys: parsed.keys, maxAgeSeconds: Math.min(maxMaxAge, Math.max(minMaxAge, maxAge)) };
  };

  const load = (uri: string): Promise<Entry> => {
    const running = inFlight.get(uri);
    if (running) return running;
    const started = (async () => {
      const now = options.clock.now();
      try {
        const { keys, maxAgeSeconds } = await download(uri);
        const entry: Entry = { keys, attemptedAt: now, freshUntil: now + maxAgeSeconds * 1000, loaded: true };
        entries.set(uri, entry);
        return entry;
      } catch {
        // Keep the last good keys (a partner's key host blipping must not lock it out); retry after the cooldown.
        const previous = entries.get(uri);
        const entry: Entry = previous
          ? { ...previous, attemptedAt: now, freshUntil: now + cooldownMs }
          : { keys: [], attemptedAt: now, freshUntil: now + cooldownMs, loaded: false };
        entries.set(uri, entry);
        return entry;
      } finally {
        inFlight.delete(uri);
      }
    })();
    inFlight.set(uri, started);
    return started;
  };

  return {
    async findKey(uri, kid) {
      let entry = entries.get(uri);
      if (!entry || entry.freshUntil <= options.clock.now()) entry = await load(uri);
      let key = entry.keys.find((candidate) => candidate.kid === kid);
      // Unknown kid: the partner may have rotated; look once more, unless we just did.
      if (!key && options.clock.now() - entry.attemptedAt >= cooldownMs) {
        entry = await load(uri);
        key = entry.keys.find((candidate) => candidate.kid === kid);
      }
      return { key, unavailable: !entry.loaded };
    },
  };
}
