import type { MiddlewareHandler } from 'hono';
import type { PartnerContext } from '../../../auth/partner';
import type { PartnerGate } from '../../../pipeline/partner-gate';
import { requestIdOf } from '../../../pipeline/request-id';

export interface PartnerAuthVariables {
  /** The admitted partner (token verified, rate-limit token taken). */
  partner: PartnerContext;
}

/**
 * Partner authentication and rate limit (the shared PartnerGate) for partner-facing Hono
 * routes: answers the gate's refusal (401 + WWW-Authenticate, 429 + Retry-After) or sets
 * `c.var.partner`. /graphql does not use it: there the same gate runs as the yoga plugin
 * usePartnerAuth, after yoga's unauthenticated CORS preflight and GraphiQL page.
 *
 * @example
 * ```ts
 * app.get('/partner/whoami', partnerAuth(gate), (c) => c.json({ id: c.var.partner.id }));
 * ```
 */
export function partnerAuth(gate: PartnerGate): MiddlewareHandler<{ Variables: PartnerAuthVariables }> {
  if (typeof gate?.admit !== 'function') throw new TypeError('partnerAuth needs a PartnerGate');
  return async function partnerAuthMiddleware(c, next) {
    // The request-id middleware normally ran first; standing alone, this still names the request.
    const { partner, refusal } = await gate.admit(c.req.raw, c.get('requestId') ?? requestIdOf(c.req.raw));
    if (refusal) return refusal;
    c.set('partner', partner);
    await next();
    return undefined;
  };
}
