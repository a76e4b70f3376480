import type { EligibilityRequest, EligibilityResponse } from '../domain/eligibility';

/**
 * One eligibility source (an X12 clearinghouse over CAQH CORE, or a JSON API).
 * `check` answers the payer's response, including payer rejections (AAA) as `rejections`
 * in the response — it throws only for transport/protocol failures (UPSTREAM_* codes).
 */
export interface EligibilityPort {
  readonly sourceId: string;
  check(request: EligibilityRequest): Promise<EligibilityResponse>;
  ping(): Promise<boolean>;
}
