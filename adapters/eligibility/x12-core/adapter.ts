import type { EligibilityRequest, EligibilityResponse } from '../../../src/domain/eligibility';
import { GatewayError, isGatewayError } from '../../../src/domain/errors';
import type { Clock } from '../../../src/ports/clock';
import type { EligibilityPort } from '../../../src/ports/eligibility-port';
import { parseUpstream, upstreamError, upstreamRequest } from '../../shared/upstream-request';
import type { FetchFn } from '../../../src/ports/fetch';
import { interpret271, write270 } from '../../shared/x12';
import { corePayloadTypes, coreRuleVersion, coreTimestamp, wireCoreResponse, type CoreCredentials, type WireCoreResponse } from './core-envelope';
import { envelopeCodecs, type CoreAnswer, type CoreEnvelopeStandard } from './envelope-codec';
import { envelopeError, isEnvelopeSuccess, soapFaultError } from './envelope-errors';
import { read999, rejects270 } from './read-999';

export interface X12CoreAdapterOptions {
  sourceId: string;
  /** The clearinghouse's CORE real-time endpoint; the envelope is POSTed to this URL as is. */
  baseUrl: string;
  fetch: FetchFn;
  clock: Clock;
  /** ISA06 / GS02 and the envelope SenderID. */
  senderId: string;
  /** ISA08 / GS03 and the envelope ReceiverID. */
  receiverId: string;
  /** The submitter account; it goes in the envelope (MIME fields or a WS-Security UsernameToken). */
  credentials: CoreCredentials;
  /** The CORE envelope standard the clearinghouse serves (default 'mime'). */
  envelope?: CoreEnvelopeStandard;
  /** CAQH CORE real-time response time: 20 s. */
  timeoutMs?: number;
  /** ISA15: T while testing with a clearinghouse, P in production. */
  usageIndicator?: 'T' | 'P';
  /** First interchange control number (tests); random otherwise so instances rarely collide. */
  controlNumberSeed?: number;
}

const maxControlNumber = 999_999_999;
/** Statuses whose body may still be a CORE error envelope worth reading. */
const envelopeStatuses = [400, 401, 403, 500] as const;

const isTimeout = (error: unknown) => error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

/**
 * Eligibility over X12 270/271 through a clearinghouse's CAQH CORE Phase II real-time
 * endpoint (HTTP+MIME multipart or SOAP 1.2 envelope, credentials inside it). Payer AAA rejections come back as
 * `rejections`; envelope errors, 999 rejections and answers we cannot tie to our inquiry throw.
 */
export function createX12CoreAdapter(options: X12CoreAdapterOptions): EligibilityPort {
  const { sourceId, clock } = options;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const codec = envelopeCodecs[options.envelope ?? 'mime'];
  let lastControlNumber = options.controlNumberSeed ?? 1 + Math.floor(Math.random() * (maxControlNumber - 1));
  const nextControlNumber = (): number => {
    lastControlNumber = (lastControlNumber % maxControlNumber) + 1;
    return lastControlNumber;
  };

  async function exchange(payload: string, payloadId: string): Promise<{ envelope: WireCoreResponse; status: number }> {
    const body = codec.body(
      {
        PayloadType: corePayloadTypes.request270,
        ProcessingMode: 'RealTime',
        PayloadID: payloadId,
        TimeStamp: coreTimestamp(clock.now()),
        SenderID: options.senderId,
        ReceiverID: options.receiverId,
        CORERuleVersion: coreRuleVersion,
        Payload: payload,
      },
      options.credentials,
    );
    const response = await upstreamRequest(
      { fetch: options.fetch },
      {
        sourceId,
        url: options.baseUrl,
        method: 'POST',
        headers: codec.headers,
        body,
        timeoutMs,
        // Each 270 carries fresh control numbers; a blind resend could be taken as a duplicate.
        idempotent: false,
        passStatuses: envelopeStatuses,
      },
    );
    let answer: CoreAnswer;
    try {
      answer = await codec.read(response);
    } catch (error) {
      // The timeout signal also covers reading the body.
      if (isTimeout(error)) throw new GatewayError('UPSTREAM_TIMEOUT', 'Upstream did not answer in time', { details: { sourceId }, cause: error });
      if (!response.ok) throw upstreamError(response.status, sourceId, null);
      throw new GatewayError('UPSTREAM_INVALID', 'Clearinghouse answer is not a CORE envelope', { details: { sourceId }, cause: error });
    }
    if (answer.kind === 'fault') throw soapFaultError(answer.fault, sourceId, response.status);
    if (!response.ok && answer.fields.ErrorCode === undefined) throw upstreamError(response.status, sourceId, null);
    return { envelope: parseUpstream(wireCoreResponse, answer.fields, sourceId), status: response.status };
  }

  function interpret(envelope: WireCoreResponse, request: EligibilityRequest, traceNumber: string): EligibilityResponse {
    if (envelope.PayloadType === corePayloadTypes.response999) {
      const ack = read999(envelope.Payload ?? '');
      const details = { sourceId, acknowledgment: ack.groupStatus ?? 'unknown', segmentErrors: ack.segmentErrors, elementErrors: ack.elementErrors };
      if (rejects270(ack)) throw new GatewayError('UPSTREAM_REJECTED', 'Clearinghouse rejected the 270 (999)', { retryable: false, details });
      throw new GatewayError('UPSTREAM_INVALID', 'Clearinghouse acknowledged the 270 without a 271', { details });
    }
    if (envelope.PayloadType !== corePayloadTypes.response271) {
      throw new GatewayError('UPSTREAM_INVALID', 'Clearinghouse answered with an unexpected payload type', { details: { sourceId, payloadType: envelope.PayloadType.slice(0, 64) } });
    }
    const result = interpret271(envelope.Payload ?? '', { requestedServiceTypes: request.serviceTypeCodes });
    // TRN02 ties the 271 to our 270; without the echo the answer could be another patient's.
    const answeredBeforeSubscriber = result.subscriber === null && result.rejections.some((rejection) => rejection.loop === 'source' || rejection.loop === 'receiver');
    if (result.traceNumber !== traceNumber && !(result.traceNumber === null && answeredBeforeSubscriber)) {
      throw new GatewayError('UPSTREAM_INVALID', 'The 271 does not echo our trace number', { details: { sourceId, reason: 'trace number mismatch' } });
    }
    return { ...result, traceNumber };
  }

  return {
    sourceId,

    async check(request: EligibilityRequest): Promise<EligibilityResponse> {
      const controlNumber = nextControlNumber();
      const traceNumber = request.traceNumber ?? crypto.randomUUID().replaceAll('-', '').toUpperCase();
      const payload = write270(
        { ...request, traceNumber },
        {
          senderId: options.senderId,
          receiverId: options.receiverId,
          interchangeControlNumber: controlNumber,
          groupControlNumber: controlNumber,
          now: new Date(clock.now()),
          usageIndicator: options.usageIndicator ?? 'P',
        },
      );
      const payloadId = crypto.randomUUID();
      const { envelope, status } = await exchange(payload, payloadId);
      if (!isEnvelopeSuccess(envelope.ErrorCode)) throw envelopeError(envelope.ErrorCode ?? '', sourceId, status);
      if (envelope.PayloadID !== undefined && envelope.PayloadID !== payloadId) {
        throw new GatewayError('UPSTREAM_INVALID', 'Clearinghouse answered another request (PayloadID)', { details: { sourceId, reason: 'payload id mismatch' } });
      }
      try {
        return interpret(envelope, request, traceNumber);
      } catch (error) {
        if (isGatewayError(error)) throw error;
        throw new GatewayError('UPSTREAM_INVALID', 'Clearinghouse answer could not be read', { details: { sourceId }, cause: error });
      }
    },

    async ping(): Promise<boolean> {
      // CORE defines no health call; any HTTP answer from the endpoint means it is reachable
      // (credentials live in the envelope, so a bare GET carries none).
      try {
        const response = await upstreamRequest(
          { fetch: options.fetch },
          { sourceId, url: options.baseUrl, timeoutMs: Math.min(timeoutMs, 5_000), passStatuses: [401, 403, 404, 405] },
        );
        await response.body?.cancel();
        return true;
      } catch {
        return false;
      }
    },
  };
}
