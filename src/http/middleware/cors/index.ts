import { cors } from 'hono/cors';
import type { MiddlewareHandler } from 'hono';
import type { CorsPolicy } from '../../../pipeline/cors-policy';

/**
 * hono/cors for the Hono routes browsers may call (/oauth/token, /.well-known/*), deciding with the
 * same policy as /graphql: an origin the policy refuses gets no `access-control-allow-origin`.
 */
export const corsFromPolicy = (policy: CorsPolicy, allowMethods: string[]): MiddlewareHandler =>
  cors({
    origin: (origin) => policy.allowedOrigin(origin),
    allowMethods,
    exposeHeaders: ['x-request-id'],
    maxAge: policy.maxAgeSeconds,
    credentials: false,
  });
