import type { CorsPolicy } from '../pipeline/cors-policy';

/** What yoga's `cors` option takes (graphql-yoga's CORSOptions, which its index does not export). */
type YogaCorsOptions = false | { origin: string; methods: string[]; exposedHeaders: string[]; credentials: boolean; maxAge: number };

/**
 * yoga's `cors` option from the shared policy. yoga's default reflects any Origin with
 * `allow-credentials: true`; here an origin the policy refuses gets no CORS header at all (yoga still
 * answers the preflight 204, which the browser then refuses), and a granted one gets exactly itself,
 * never credentials (bearer tokens, not cookies). Applies on both transports: it is yoga's own plugin.
 */
export const yogaCors =
  (policy: CorsPolicy) =>
  (request: Request): YogaCorsOptions => {
    const origin = policy.allowedOrigin(request.headers.get('origin'));
    if (!origin) return false;
    return { origin, methods: ['GET', 'POST', 'OPTIONS'], exposedHeaders: ['x-request-id'], credentials: false, maxAge: policy.maxAgeSeconds };
  };
