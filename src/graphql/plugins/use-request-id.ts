import type { Plugin } from 'graphql-yoga';
import { REQUEST_ID_HEADER, requestIdOf } from '../../pipeline/request-id';
import type { GraphqlServerContext } from '../server-context';

/** The request's id: the one the transport put in the server context, else one from the headers (kept there). */
export const ensureRequestId = (serverContext: GraphqlServerContext, request: Request): string =>
  (serverContext.requestId ??= requestIdOf(request));

/**
 * Gives every /graphql request an id (the client's `x-request-id` when acceptable, see
 * src/pipeline/request-id.ts) and echoes it on every response, refusals included. Through Hono
 * the id comes in the server context from the request-id middleware, so both agree.
 *
 * @example
 * ```ts
 * createYoga<GraphqlServerContext>({ schema, plugins: [useRequestId(), usePartnerAuth(gate)] });
 * ```
 */
export function useRequestId(): Plugin<GraphqlServerContext, GraphqlServerContext> {
  return {
    onRequest({ request, serverContext }) {
      ensureRequestId(serverContext, request);
    },
    onResponse({ request, response, serverContext }) {
      response.headers.set(REQUEST_ID_HEADER, ensureRequestId(serverContext, request));
    },
  };
}
