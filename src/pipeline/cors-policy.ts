import type { CorsConfig } from '../../config/cors';

/** The one answer to "may this browser origin call us", shared by yoga's CORS (/graphql) and hono/cors (token, well-known). */
export interface CorsPolicy {
  /** The origin to grant (exactly the one asked), or null: no CORS headers, so the browser refuses the call. */
  allowedOrigin(origin: string | null | undefined): string | null;
  maxAgeSeconds: number;
}

/** Local development servers: any port on loopback, sandbox only (its keys are public anyway). */
export const SANDBOX_LOOPBACK_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'] as const;
const DEFAULT_MAX_AGE_SECONDS = 600;

const matcherOf = (pattern: string): ((origin: string) => boolean) => {
  if (!pattern.endsWith(':*')) return (origin) => origin === pattern;
  const host = pattern.slice(0, -1);
  // Browsers leave the default port out of the origin, so `http://localhost` is one of them too.
  return (origin) => origin === host.slice(0, -1) || (origin.startsWith(host) && /^\d{1,5}$/.test(origin.slice(host.length)));
};

/**
 * Origins come from the config only: never reflected from the request, never a wildcard, and never with
 * `Access-Control-Allow-Credentials` (partners send bearer tokens, not cookies).
 */
export function createCorsPolicy(options: { mode: 'sandbox' | 'production'; cors?: CorsConfig | undefined }): CorsPolicy {
  const patterns = options.cors?.origins ?? (options.mode === 'sandbox' ? SANDBOX_LOOPBACK_ORIGINS : []);
  const matchers = patterns.map(matcherOf);
  return {
    allowedOrigin: (origin) => (origin && matchers.some((matches) => matches(origin)) ? origin : null),
    maxAgeSeconds: options.cors?.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS,
  };
}
