import type { EligibilityRequest, EligibilityResponse } from '../../../src/domain/eligibility';
import { GatewayError } from '../../../src/domain/errors';
import type { Clock } from '../../../src/ports/clock';
import type { EligibilityPort } from '../../../src/ports/eligibility-port';
import { readUpstreamJson, upstreamRequest } from '../../shared/upstream-request';
import type { FetchFn } from '../../../src/ports/fetch';
import { fromWireResponse } from './from-wire';
import type { TokenCache } from '../../shared/oauth/token-cache';
import { createClientCredentialsTokenSource } from './token-source';
import { toWireRequest } from './to-wire';
import { eligibilityPath, healthcheckPath, tokenPath, wireEligibilityResponse, type WireEligibilityResponse } from './wire';

export type EligibilityJsonAuth = { clientId: string; clientSecret: string; tokenUrl?: string | undefined } | 'none';

export interface EligibilityJsonAdapterOptions {
  sourceId: string;
  /** API root, e.g. https://apigw.example.com (the eligibility and token paths are appended). */
  baseUrl: string;
  fetch: FetchFn;
  clock: Clock;
  auth: EligibilityJsonAuth;
  /** Per attempt; the CAQH CORE real-time rule allows the payer 20 s. */
  timeoutMs?: number;
  /**
   * Extra attempts after a 5xx, 429 or timeout (an inquiry changes nothing, so repeating it is
   * safe). Default 0: each attempt may take the full CORE 20 s, and the eligibility service
   * already answers stale data when the payer is down, so a retry would only double the wait.
   */
  maxRetries?: number;
  /** First control number (tests); random otherwise so two instances rarely collide. */
  controlNumberSeed?: number;
}

const maxControlNumber = 999_999_999;

export function createEligibilityJsonAdapter(options: EligibilityJsonAdapterOptions): EligibilityPort {
  const { sourceId, clock } = options;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const root = options.baseUrl.replace(/\/+$/, '');
  const tokens: TokenCache | null =
    options.auth === 'none'
      ? null
      : createClientCredentialsTokenSource({
          sourceId,
          tokenUrl: options.auth.tokenUrl ?? `${root}${tokenPath}`,
          clientId: options.auth.clientId,
          clientSecret: options.auth.clientSecret,
          fetch: options.fetch,
          clock,
          timeoutMs,
        });
  let lastControlNumber = options.controlNumberSeed ?? 1 + Math.floor(Math.random() * (maxControlNumber - 1));
  const nextControlNumber = (): string => {
    lastControlNumber = (lastControlNumber % maxControlNumber) + 1;
    return String(lastControlNumber).padStart(9, '0');
  };

  /** Headers for one call, with the token they carry (null without auth) so a 401 can drop exactly it. */
  async function authorized(): Promise<{ headers: Record<string, string>; token: string | null }> {
    const base = { 'content-type': 'application/json', accept: 'application/json' };
    if (!tokens) return { headers: base, token: null };
    const token = await tokens.get();
    return { headers: { ...base, authorization: `Bearer ${token}` }, token };
  }

  async function post(body: string): Promise<Response> {
    const send = async () => {
      const { headers, token } = await authorized();
      const response = await upstreamRequest(
        { fetch: options.fetch },
        {
          sourceId,
          url: `${root}${eligibilityPath}`,
          method: 'POST',
          headers,
          body,
          timeoutMs,
          idempotent: true,
          maxRetries: options.maxRetries ?? 0,
          passStatuses: [400, 401, 422],
        },
      );
      return { response, token };
    };
    const first = await send();
    if (first.response.status === 401 && tokens && first.token) {
      // A cached token can be revoked before its expiry: fetch a fresh one once.
      await first.response.body?.cancel();
      tokens.invalidate(first.token);
      return (await send()).response;
    }
    return first.response;
  }

  async function rejectedRequest(response: Response): Promise<never> {
    if (response.status === 401) {
      await response.body?.cancel();
      throw new GatewayError('UPSTREAM_UNAVAILABLE', 'Clearinghouse refused the gateway credentials', {
        retryable: false,
        details: { sourceId, upstreamStatus: 401 },
      });
    }
    // The body names the fields it disliked (structure, not values); keep only those.
    let fields: string[];
    try {
      const parsed = wireEligibilityResponse.safeParse(await response.json());
      fields = parsed.success ? (parsed.data.errors ?? []).flatMap((error) => (error.field ? [error.field] : [])) : [];
    } catch {
      fields = [];
    }
    throw new GatewayError('UPSTREAM_REJECTED', 'Clearinghouse rejected the eligibility request', {
      retryable: false,
      details: { sourceId, upstreamStatus: response.status, fields },
    });
  }

  /** The answer must be for our inquiry: a wrong echo could be another patient's benefits. */
  function checkEcho(wire: WireEligibilityResponse, controlNumber: string): string[] {
    if (wire.reassociationKey !== undefined && wire.reassociationKey !== controlNumber) {
      throw new GatewayError('UPSTREAM_INVALID', 'Clearinghouse answered for another inquiry', {
        details: { sourceId, reason: 'control number mismatch' },
      });
    }
    const echoed =
      wire.reassociationKey === controlNumber ||
      wire.controlNumber === controlNumber ||
      (wire.subscriberTraceNumbers ?? []).some((trace) => trace.referenceIdentification === controlNumber);
    return echoed ? [] : ['control number not echoed by the clearinghouse'];
  }

  return {
    sourceId,

    async check(request: EligibilityRequest): Promise<EligibilityResponse> {
      const controlNumber = request.traceNumber && /^\d{9}$/.test(request.traceNumber) ? request.traceNumber : nextControlNumber();
      const response = await post(JSON.stringify(toWireRequest(request, controlNumber)));
      if (!response.ok) return rejectedRequest(response);
      const wire = await readUpstreamJson(response, wireEligibilityResponse, sourceId);
      const echoWarnings = checkEcho(wire, controlNumber);
      const result = fromWireResponse(wire, { requestedServiceTypes: request.serviceTypeCodes, traceNumber: controlNumber });
      return { ...result, warnings: [...echoWarnings, ...result.warnings] };
    },

    async ping(): Promise<boolean> {
      try {
        const response = await upstreamRequest(
          { fetch: options.fetch },
          { sourceId, url: `${root}${healthcheckPath}`, headers: (await authorized()).headers, timeoutMs: Math.min(timeoutMs, 5_000) },
        );
        await response.body?.cancel();
        return true;
      } catch {
        return false;
      }
    },
  };
}

