import { z } from 'zod';
import { transportationStatus } from './transportation-benefit';

/** A partner's ride benefit check policy (config `rideBenefitCheck`). */
export const rideBenefitCheckMode = z.enum(['off', 'advisory', 'required']);
export type RideBenefitCheckMode = z.infer<typeof rideBenefitCheckMode>;

/**
 * What the booking asked the patient's payer about transportation, and when: only the verdict
 * (a ride partner never sees the member id or the benefit details). Stored with the ride.
 */
export const rideBenefitCheck = z.object({
  mode: z.enum(['advisory', 'required']),
  status: transportationStatus,
  /** When the payer produced the answer the verdict comes from (or when no payer could be asked). */
  checkedAt: z.string(),
  /** The payer whose answer decided; null when none answered. */
  payerId: z.string().nullable(),
  /** Why UNKNOWN: PAYER_SILENT_ON_TRANSPORTATION, NO_ROUTABLE_COVERAGE, PAYER_REJECTED, an upstream error code. */
  reason: z.string().nullable(),
});
export type RideBenefitCheck = z.infer<typeof rideBenefitCheck>;
