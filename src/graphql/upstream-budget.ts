import { GatewayError } from '../domain/errors';
import type { EhrPort } from '../ports/ehr-port';

/**
 * How many upstream calls (eligibility checks, EHR reads and searches) one request may still
 * make. 30 aliased `eligibility` fields would otherwise be 30 payer calls from one request under
 * one rate-limit token. Charged before the call, in resolver order, so the first `max` calls
 * answer and the later ones fail with BAD_INPUT (`details.limit: upstreamCalls`): retrying the
 * same document cannot help, so it is not RATE_LIMITED.
 */
export interface UpstreamBudget {
  /** Counts one call; throws once the request has used its budget. */
  charge(): void;
  readonly used: number;
}

export function createUpstreamBudget(max: number): UpstreamBudget {
  let used = 0;
  return {
    charge() {
      if (used >= max) {
        throw new GatewayError('BAD_INPUT', `This request reached its budget of ${max} upstream calls`, { retryable: false, details: { limit: 'upstreamCalls', max } });
      }
      used++;
    },
    get used() {
      return used;
    },
  };
}

/** The EHR port as one request sees it: every read or search is charged to the request's budget (ping is not a read). */
export function chargedEhrPort(port: EhrPort, budget: UpstreamBudget): EhrPort {
  const charged =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      budget.charge();
      return call(...args);
    };
  return {
    sourceId: port.sourceId,
    getPatients: charged(port.getPatients.bind(port)),
    searchPatients: charged(port.searchPatients.bind(port)),
    getAppointments: charged(port.getAppointments.bind(port)),
    searchAppointments: charged(port.searchAppointments.bind(port)),
    searchAppointmentWorklist: charged(port.searchAppointmentWorklist.bind(port)),
    getPractitioners: charged(port.getPractitioners.bind(port)),
    getLocations: charged(port.getLocations.bind(port)),
    getCoverages: charged(port.getCoverages.bind(port)),
    searchCoveragesByPatients: charged(port.searchCoveragesByPatients.bind(port)),
    ping: () => port.ping(),
  };
}
