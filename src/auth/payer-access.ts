import { GatewayError } from '../domain/errors';

/**
 * Which payers a partner may see: its coverages (member ids are PHI of that plan) and its
 * eligibility checks. A payer partner lists its own payer ids, a provider partner its
 * contracted ones; an empty list sees none (least privilege: the config default is `[]`).
 * `["*"]` is the explicit, alone-in-its-list way to see every payer (a provider app that
 * shows all coverages of its patients, including those the EHR names by display only).
 */
export const ALL_PAYERS = '*';

/** Anything that carries a partner's config: a PartnerContext or the config itself. */
type WithPayerIds = { config: { payerIds: readonly string[] } } | { payerIds: readonly string[] };

const payerIdsOf = (partner: WithPayerIds): readonly string[] => ('config' in partner ? partner.config.payerIds : partner.payerIds);

const seesAllPayers = (partner: WithPayerIds): boolean => payerIdsOf(partner).includes(ALL_PAYERS);

/** May this partner see or check `payerId`? Only its configured ones (or every payer with `*`). */
export const isPayerAllowed = (partner: WithPayerIds, payerId: string): boolean =>
  payerId !== ALL_PAYERS && (seesAllPayers(partner) || payerIdsOf(partner).includes(payerId));

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

/**
 * May this partner see this coverage? Its payer id must be allowed; a coverage whose payer the
 * EHR does not identify is seen only by `*` partners (it cannot be attributed to a plan).
 */
export const isCoverageVisible = (partner: WithPayerIds, coverage: { payerId: string | null }): boolean =>
  coverage.payerId === null ? seesAllPayers(partner) : isPayerAllowed(partner, coverage.payerId);
