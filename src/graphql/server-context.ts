import type { PartnerContext } from '../auth/partner';

/**
 * Yoga's typed server context: what the transport hands yoga and the pipeline plugins fill in.
 * Hono passes `{ requestId }` (from its request-id middleware) to `yoga.fetch`; on the Node fast
 * path yoga starts from `{ req, res }`. useRequestId then keeps or sets `requestId`, and
 * usePartnerAuth sets `partner` once the gate admits the request: from then on every hook and
 * the context factory read them here, never from a side table.
 */
export interface GraphqlServerContext {
  requestId?: string;
  partner?: PartnerContext;
}

/** The partner of an admitted request, from any yoga/envelop context object (server context or GraphQL context). */
export const partnerIn = (context: unknown): PartnerContext | undefined =>
  typeof context === 'object' && context !== null && 'partner' in context ? (context as GraphqlServerContext).partner : undefined;
