import { z } from 'zod';
import { eligibilityResponse, type EligibilityRequest, type EligibilityResponse, type EligibilityResult, type Rejection } from '../domain/eligibility';
import { assertEligibilityRequestSendable } from '../domain/eligibility-input';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../ports/clock';
import type { EligibilityPort } from '../ports/eligibility-port';
import type { CachePolicy } from './cache-policy';
import type { KeyHasher } from '../crypto/key-hasher';

/** Where one payer's eligibility goes: the source that serves it and that source's cache policy. */
export interface EligibilityRoute {
  port: EligibilityPort;
  ttlSeconds: number;
  staleSeconds: number;
  /** Stale-while-revalidate window (seconds past freshness); 0 or omitted = off. */
  swrSeconds?: number | undefined;
  /** How long a definitive rejection (member not found) is remembered; default NEGATIVE_TTL_SECONDS. */
  negativeTtlSeconds?: number | undefined;
  provider: { npi: string; organizationName: string };
}

export interface EligibilityService {
  /** The payer's answer (fresh, cached or stale-if-down), or PAYER_REJECTED with the AAA details. */
  check(request: Omit<EligibilityRequest, 'provider'> & { provider?: EligibilityRequest['provider'] }): Promise<EligibilityResult>;
  /** The source id that serves this payer id, if any. */
  sourceFor(payerId: string): string | null;
}

/** What the cache holds per eligibility question: the payer's answer and when it was obtained (epoch ms). */
const cachedEligibility = z.object({ response: eligibilityResponse, obtainedAt: z.number() });

/** Not-found style rejections are remembered this long, so a retry storm does not reach the payer. */
const NEGATIVE_TTL_SECONDS = 60;

const rejectionDetails = (rejections: Rejection[]) =>
  rejections.map((rejection) => ({
    reason: rejection.reason.code,
    reasonName: rejection.reason.name,
    followUpAction: rejection.followUpAction?.code ?? null,
    followUpActionName: rejection.followUpAction?.name ?? null,
    loop: rejection.loop,
    retryable: rejection.retryable,
  }));

/** A 271 that only says "no" (AAA, no benefits) is a payer rejection, not an eligibility answer. */
function rejectedBy(response: EligibilityResponse): GatewayError | null {
  if (response.rejections.length === 0 || response.benefits.length > 0) return null;
  const retryable = response.rejections.every((rejection) => rejection.retryable);
  return new GatewayError('PAYER_REJECTED', 'The payer rejected the eligibility request', {
    retryable,
    details: { rejections: rejectionDetails(response.rejections) },
  });
}

export function createEligibilityService(deps: {
  routes: ReadonlyMap<string, EligibilityRoute>;
  policy: CachePolicy;
  hasher: KeyHasher;
  clock: Clock;
}): EligibilityService {
  return {
    sourceFor: (payerId) => deps.routes.get(payerId)?.port.sourceId ?? null,
    async check(input) {
      const route = deps.routes.get(input.payerId);
      if (!route) throw new GatewayError('BAD_INPUT', 'No eligibility source serves that payer', { details: { field: 'payerId' } });
      const provider = input.provider ?? route.provider;
      const request: EligibilityRequest = { ...input, provider, serviceTypeCodes: [...new Set(input.serviceTypeCodes)].sort() };
      // Validated, never cleaned: a rewritten member id would be a question about someone else.
      assertEligibilityRequestSendable(request);
      const person = (p: EligibilityRequest['subscriber'] | undefined) => [p?.memberId ?? '', p?.lastName ?? '', p?.firstName ?? '', p?.birthDate ?? ''];
      // Identifying parts are HMAC-ed: the key name holds no member id, name or birth date.
      const key = await deps.hasher.key('elig', [
        route.port.sourceId,
        request.payerId,
        provider.npi,
        ...person(request.subscriber),
        ...person(request.dependent),
        request.serviceTypeCodes.join(','),
        request.dateOfService,
      ]);
      const { value, freshness } = await deps.policy.load(
        key,
        cachedEligibility,
        async () => {
          const response = await route.port.check(request);
          const rejection = rejectedBy(response);
          if (rejection) throw rejection;
          return { response, obtainedAt: deps.clock.now() };
        },
        {
          ttlSeconds: route.ttlSeconds,
          staleSeconds: route.staleSeconds,
          ...(route.swrSeconds ? { swrSeconds: route.swrSeconds } : {}),
          negative: { ttlSeconds: route.negativeTtlSeconds ?? NEGATIVE_TTL_SECONDS, matches: (error) => error.code === 'PAYER_REJECTED' && !error.retryable },
        },
      );
      return { ...value.response, checkedAt: new Date(value.obtainedAt).toISOString(), freshness };
    },
  };
}
