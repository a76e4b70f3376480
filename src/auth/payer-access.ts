import { GatewayError } from '../domain/errors';

/** Anything that carries a partner's config: a PartnerContext or the config itself. */
type WithPayerIds = { config: { payerIds: readonly string[] } } | { payerIds: readonly string[] };

const payerIdsOf = (partner: WithPayerIds): readonly string[] => ('config' in partner ? partner.config.payerIds : partner.payerIds);

/** May this partner run eligibility against `payerId`? Only its own (config `payerIds`). */
export const isPayerAllowed = (partner: WithPayerIds, payerId: string): boolean => payerIdsOf(partner).includes(payerId);

/**
 * Throws FORBIDDEN unless `payerId` is one of the partner's configured payer ids. The same
 * answer for unknown payers, so a partner cannot probe which payers exist. The payer id is not
 * echoed (the partner sent it; logs need not carry it).
 */
export function assertPayerAllowed(partner: WithPayerIds, payerId: string): void {
  if (!isPayerAllowed(partner, payerId)) {
    throw new GatewayError('FORBIDDEN', 'This partner may not check eligibility with that payer', { details: { field: 'payerId' } });
  }
}
