import type { Coverage, Patient } from '../../domain/ehr';
import type { EligibilityPerson } from '../../domain/eligibility';
import { GatewayError, isGatewayError } from '../../domain/errors';
import type { RideBenefitCheck, RideBenefitCheckMode } from '../../domain/ride-benefit-check';
import { deriveTransportation, TRANSPORTATION_SERVICE_TYPE, type TransportationStatus } from '../../domain/transportation-benefit';
import type { Clock } from '../../ports/clock';
import type { EhrPort } from '../../ports/ehr-port';
import type { EligibilityService } from '../eligibility-service';

/**
 * The transportation benefit check of a ride booking: the patient's coverages (from the EHR), each
 * routable one asked through the gateway's own eligibility route (cached within its freshness; the
 * ride partner needs no eligibility scope or payer id), and one verdict. Asked as of today with
 * service types 30 and 56, the same question `Coverage.eligibility { transportation }` asks by
 * default, so a desk's earlier check is the cached answer (payers answer future dates of service
 * only to the end of the current month, so the appointment's date would often be refused).
 */
export interface RideBenefitChecker {
  check(mode: Exclude<RideBenefitCheckMode, 'off'>, ehr: EhrPort, patient: Patient): Promise<RideBenefitCheck>;
}

/** The most useful verdict wins: one plan that covers rides covers the ride; a "no" says more than silence. */
const RANK: Record<TransportationStatus, number> = { COVERED: 2, NOT_COVERED: 1, UNKNOWN: 0 };

interface CoverageVerdict {
  status: TransportationStatus;
  payerId: string | null;
  checkedAt: string | null;
  reason: string | null;
  /** A payer that could not answer now (retryable): a `required` check must not turn that into a refusal. */
  transient: GatewayError | null;
}

function people(coverage: Coverage, patient: Patient): { subscriber: EligibilityPerson; dependent?: EligibilityPerson } {
  const name = patient.names[0];
  const person: EligibilityPerson = {
    ...(name?.given[0] ? { firstName: name.given[0] } : {}),
    ...(name?.family ? { lastName: name.family } : {}),
    ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
    ...(patient.gender === 'male' ? { gender: 'M' as const } : patient.gender === 'female' ? { gender: 'F' as const } : {}),
  };
  const memberId = coverage.memberId ?? undefined;
  // The beneficiary is the subscriber unless the coverage says otherwise (then a dependent), as in Coverage.eligibility.
  if (!coverage.relationship || coverage.relationship === 'self') return { subscriber: { ...person, memberId } };
  return { subscriber: { memberId }, dependent: person };
}

export function createRideBenefitChecker(deps: {
  eligibility: EligibilityService;
  clock: Clock;
  /** Counts each verdict (metrics); labels are the mode and status only. */
  onVerdict?: (mode: string, status: TransportationStatus) => void;
}): RideBenefitChecker {
  const today = () => new Date(deps.clock.now()).toISOString().slice(0, 10);

  async function ask(coverage: Coverage & { payerId: string }, patient: Patient): Promise<CoverageVerdict> {
    try {
      const result = await deps.eligibility.check({
        payerId: coverage.payerId,
        ...people(coverage, patient),
        serviceTypeCodes: ['30', TRANSPORTATION_SERVICE_TYPE],
        dateOfService: today(),
      });
      const status = deriveTransportation(result.benefits).status;
      return { status, payerId: coverage.payerId, checkedAt: result.checkedAt, reason: status === 'UNKNOWN' ? 'PAYER_SILENT_ON_TRANSPORTATION' : null, transient: null };
    } catch (error) {
      if (!isGatewayError(error)) throw error;
      return { status: 'UNKNOWN', payerId: null, checkedAt: null, reason: error.code, transient: error.retryable ? error : null };
    }
  }

  return {
    async check(mode, ehr, patient) {
      const coverages = (await ehr.searchCoveragesByPatients([patient.localId])).get(patient.localId) ?? [];
      const routable = coverages.filter(
        (coverage): coverage is Coverage & { payerId: string } =>
          coverage.status === 'active' && coverage.memberId !== null && coverage.payerId !== null && deps.eligibility.sourceFor(coverage.payerId) !== null,
      );
      const verdicts = await Promise.all(routable.map((coverage) => ask(coverage, patient)));
      const best = verdicts.reduce<CoverageVerdict | null>((chosen, verdict) => (!chosen || RANK[verdict.status] > RANK[chosen.status] ? verdict : chosen), null);
      const transient = verdicts.find((verdict) => verdict.transient)?.transient;
      // Refusing a ride because a payer is down would be a wrong answer, not a verdict: try again later.
      if (mode === 'required' && (!best || best.status === 'UNKNOWN') && transient) throw transient;
      const status = best?.status ?? 'UNKNOWN';
      deps.onVerdict?.(mode, status);
      return {
        mode,
        status,
        checkedAt: best?.checkedAt ?? new Date(deps.clock.now()).toISOString(),
        payerId: best?.payerId ?? null,
        reason: status === 'UNKNOWN' ? (best?.reason ?? 'NO_ROUTABLE_COVERAGE') : null,
      };
    },
  };
}

/** Under `required`, a ride is booked only when the payer says transportation is covered. */
export function assertBenefitAllows(check: RideBenefitCheck): void {
  if (check.mode !== 'required' || check.status === 'COVERED') return;
  const details = { field: 'appointmentId', benefitStatus: check.status, payerId: check.payerId, checkedAt: check.checkedAt, ...(check.reason ? { benefitReason: check.reason } : {}) };
  if (check.status === 'NOT_COVERED') {
    throw new GatewayError('BENEFIT_NOT_COVERED', "The patient's payer says transportation is not covered", { retryable: false, details });
  }
  throw new GatewayError('BENEFIT_UNKNOWN', "The patient's payer did not say whether transportation is covered", { retryable: false, details });
}
