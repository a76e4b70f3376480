import type { Plugin } from 'graphql-yoga';
import type { PartnerGate } from '../../pipeline/partner-gate';
import type { GraphqlServerContext } from '../server-context';
import { ensureRequestId } from './use-request-id';

/**
 * Partner authentication and rate limit (the shared PartnerGate) for /graphql, on the Node fast
 * path and through Hono alike: refuses with 401 JSON (+ WWW-Authenticate) or 429 (+ Retry-After)
 * before any GraphQL parsing, and puts the admitted partner in the server context. A yoga plugin
 * rather than Hono middleware in front of yoga, because yoga's CORS preflight and GraphiQL page
 * answer (unauthenticated) in earlier onRequest hooks.
 *
 * @example
 * ```ts
 * createYoga<GraphqlServerContext>({ schema, plugins: [useRequestId(), usePartnerAuth(createPartnerGate(options))] });
 * ```
 */
export function usePartnerAuth(gate: PartnerGate): Plugin<GraphqlServerContext, GraphqlServerContext> {
  if (typeof gate?.admit !== 'function') throw new TypeError('usePartnerAuth needs a PartnerGate');
  return {
    async onRequest(payload) {
      const { request, serverContext } = payload;
      const { partner, refusal } = await gate.admit(request, ensureRequestId(serverContext, request));
      if (refusal) payload.endResponse(refusal);
      else serverContext.partner = partner;
    },
  };
}
