import { z } from 'zod';

/**
 * A browser origin as browsers send it (`https://app.example.com`, `http://localhost:3000`): lower-case scheme and
 * host, an optional port, nothing after. `:*` allows every port of that host (local development servers move).
 * No `*` alone and no `null`: the gateway never grants an origin it was not told about.
 */
const origin = z
  .string()
  .regex(/^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:(\d{1,5}|\*))?$/, 'an origin: http(s)://host with an optional :port or :* and no path, lower case');

/** Which browser origins may call /graphql, /oauth/token and /.well-known/* (src/pipeline/cors-policy.ts decides). */
export const corsConfig = z.strictObject({
  /** Absent: none in production, http://localhost:* and http://127.0.0.1:* in the sandbox. */
  origins: z.array(origin),
  /** How long a browser may reuse a preflight answer (Access-Control-Max-Age; Chromium caps it at 7200). */
  maxAgeSeconds: z.number().int().min(0).max(86_400).default(600),
});
export type CorsConfig = z.infer<typeof corsConfig>;
