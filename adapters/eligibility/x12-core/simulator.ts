import type { Clock } from '../../../src/ports/clock';
import { systemClock } from '../../../src/ports/clock';
import { serveOnLoopback } from '../../shared/loopback-server';
import { lookupSandboxMember, sandboxMembers, type SandboxLookup, type SandboxMember } from '../sandbox-members';
import { basicAuthorization, corePayloadTypes, coreRuleVersion, coreTimestamp, envelopeToFormData, formDataToEnvelope, type CoreEnvelope } from './core-envelope';
import { build271 } from './sim/build-271';
import { build999 } from './sim/build-999';
import { parse270, Unreadable270, type Inquiry270 } from './sim/read-270';

/**
 * A clearinghouse CAQH CORE real-time endpoint (Phase II connectivity, HTTP+MIME) answering
 * 270s with real 271 text from the sandbox member table. Basic auth, envelope validation with
 * CORE error codes, a 999 for an unreadable 270, and fault knobs for tests.
 */

export interface X12CoreFaults {
  /** 'aaa42': a 271 whose payer says AAA 42 (unable to respond); 'http503': the endpoint is down. */
  unavailable?: 'aaa42' | 'http503';
  /** Hold the answer this long (timeouts). */
  delayMs?: number;
  /** A 271 envelope whose payload is not X12. */
  garbage?: boolean;
  /** Echo another trace number in TRN02. */
  trnMismatch?: boolean;
  /** Answer with another PayloadID than the request's. */
  wrongPayloadId?: boolean;
  /** Reject the 270 with a 999. */
  respond999?: boolean;
  /** Answer a CoreEnvelopeError with this ErrorCode and message. */
  envelopeError?: { code: string; message: string; status?: number };
}

export interface X12CoreSimulatorOptions {
  members?: readonly SandboxMember[];
  credentials?: { username: string; password: string };
  clock?: Clock;
  faults?: X12CoreFaults;
  /** Faults for one member id only. */
  memberFaults?: Record<string, X12CoreFaults>;
}

export interface X12SimulatorCall {
  status: number;
  payloadType: string | null;
  /** ErrorCode of the answer ('Success' for a 271). */
  errorCode: string | null;
}

export const sandboxCoreCredentials = { username: 'caregate-sandbox', password: 'sandbox-password' } as const;

export interface X12CoreSimulator {
  handler: (request: Request) => Promise<Response>;
  calls: X12SimulatorCall[];
  /** Mutable: tests flip knobs between calls. */
  faults: X12CoreFaults;
  memberFaults: Record<string, X12CoreFaults>;
  /** The last 270 payload received (tests inspect the wire format). */
  last270: string | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const required = ['PayloadType', 'ProcessingMode', 'PayloadID', 'TimeStamp', 'SenderID', 'ReceiverID', 'CORERuleVersion', 'Payload'] as const;

export function createX12CoreSimulator(options: X12CoreSimulatorOptions = {}): X12CoreSimulator {
  const clock = options.clock ?? systemClock;
  const credentials = options.credentials ?? sandboxCoreCredentials;
  const members = options.members ?? sandboxMembers;
  const expectedAuth = basicAuthorization(credentials.username, credentials.password);
  let interchangeCounter = 0;

  /** One request's answers; records what was answered in that request's call entry. */
  const replies = (call: X12SimulatorCall, faults: () => X12CoreFaults) => (request: CoreEnvelope, fields: CoreEnvelope, status = 200): Response => {
    const body: CoreEnvelope = {
      ProcessingMode: 'RealTime',
      PayloadID: (faults().wrongPayloadId ? undefined : request.PayloadID) ?? crypto.randomUUID(),
      TimeStamp: coreTimestamp(clock.now()),
      SenderID: request.ReceiverID ?? 'SANDBOX-CH',
      ReceiverID: request.SenderID ?? 'UNKNOWN',
      CORERuleVersion: coreRuleVersion,
      ...fields,
    };
    Object.assign(call, { status, payloadType: body.PayloadType ?? null, errorCode: body.ErrorCode ?? null });
    return new Response(envelopeToFormData(body), { status });
  };
  type Reply = ReturnType<typeof replies>;
  const envelopeError = (reply: Reply, request: CoreEnvelope, code: string, message: string, status: number) =>
    reply(request, { PayloadType: corePayloadTypes.envelopeError, ErrorCode: code, ErrorMessage: message }, status);

  function answer(reply: Reply, request: CoreEnvelope, inquiry: Inquiry270, faults: X12CoreFaults): Response {
    const now = new Date(clock.now());
    const dependent = inquiry.dependent;
    let lookup: SandboxLookup = lookupSandboxMember(
      {
        payerId: inquiry.payerId,
        memberId: inquiry.subscriber.memberId,
        dependent: dependent ? { firstName: dependent.firstName, birthDate: dependent.birthDate.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3') || undefined } : undefined,
      },
      members,
    );
    if (faults.unavailable === 'aaa42') lookup = { kind: 'rejection', rejection: { reason: '42', followUp: 'R', loop: 'source' } };
    const payload = build271({
      inquiry,
      lookup,
      now,
      interchangeControlNumber: ++interchangeCounter,
      ...(faults.trnMismatch ? { traceNumber: `${inquiry.trace?.number ?? ''}X` } : {}),
    });
    return reply(request, { PayloadType: corePayloadTypes.response271, Payload: payload, ErrorCode: 'Success', ErrorMessage: 'None' });
  }

  function reject999(reply: Reply, request: CoreEnvelope, inquiry: Partial<Inquiry270>, segmentId: string, position: number): Response {
    const payload = build999({
      senderId: inquiry.receiverId || 'SANDBOX-CH',
      receiverId: inquiry.senderId || 'UNKNOWN',
      groupControlNumber: inquiry.groupControlNumber ?? '',
      transactionControlNumber: inquiry.transactionControlNumber ?? '',
      segmentId,
      segmentPosition: position,
      now: new Date(clock.now()),
      interchangeControlNumber: ++interchangeCounter,
      usageIndicator: inquiry.usageIndicator ?? 'T',
    });
    return reply(request, { PayloadType: corePayloadTypes.response999, Payload: payload, ErrorCode: 'Success', ErrorMessage: 'None' });
  }

  async function handle(request: Request, call: X12SimulatorCall): Promise<Response> {
    let faults: X12CoreFaults = simulator.faults;
    const reply = replies(call, () => faults);
    if (request.method === 'GET') return new Response('CAQH CORE real-time endpoint (sandbox)', { status: 200 });
    if (request.method !== 'POST') return new Response(null, { status: 405 });
    let envelope: CoreEnvelope;
    try {
      envelope = await formDataToEnvelope(await request.formData());
    } catch {
      return envelopeError(reply, {}, 'EnvelopeIllegal', 'Body is not a multipart/form-data CORE envelope', 400);
    }
    if (request.headers.get('authorization') !== expectedAuth) return envelopeError(reply, envelope, 'Unauthorized', 'Username/password not accepted', 401);
    const missing = required.find((field) => !envelope[field]);
    if (missing) return envelopeError(reply, envelope, `${missing}Required`, `${missing} is required`, 400);
    if (envelope.CORERuleVersion !== coreRuleVersion) return envelopeError(reply, envelope, 'VersionMismatch', `CORERuleVersion ${coreRuleVersion} expected`, 400);
    if (envelope.ProcessingMode !== 'RealTime') return envelopeError(reply, envelope, 'ProcessingModeNotSupported', 'Only RealTime is served', 400);
    if (envelope.PayloadType !== corePayloadTypes.request270) return envelopeError(reply, envelope, 'PayloadTypeNotSupported', 'Only 270 requests are served', 400);

    simulator.last270 = envelope.Payload ?? null;
    let inquiry: Inquiry270;
    try {
      inquiry = parse270(envelope.Payload ?? '');
    } catch (error) {
      if (error instanceof Unreadable270) return reject999(reply, envelope, {}, error.segmentId, error.segmentPosition);
      throw error;
    }
    faults = { ...simulator.faults, ...simulator.memberFaults[inquiry.subscriber.memberId.toUpperCase()] };
    if (faults.delayMs) await sleep(faults.delayMs);
    if (faults.unavailable === 'http503') return new Response('Service Unavailable', { status: 503 });
    if (faults.envelopeError) return envelopeError(reply, envelope, faults.envelopeError.code, faults.envelopeError.message, faults.envelopeError.status ?? 200);
    if (faults.respond999) return reject999(reply, envelope, inquiry, 'NM1', 8);
    if (faults.garbage) return reply(envelope, { PayloadType: corePayloadTypes.response271, Payload: 'THIS IS NOT AN X12 INTERCHANGE', ErrorCode: 'Success', ErrorMessage: 'None' });
    return answer(reply, envelope, inquiry, faults);
  }

  const simulator: X12CoreSimulator = {
    calls: [],
    faults: { ...options.faults },
    memberFaults: { ...options.memberFaults },
    last270: null,
    async handler(request) {
      const call: X12SimulatorCall = { status: 0, payloadType: null, errorCode: null };
      simulator.calls.push(call);
      const response = await handle(request, call);
      if (call.status === 0) call.status = response.status;
      return response;
    },
  };
  return simulator;
}

/** Serves the simulator on 127.0.0.1 (sandbox and tests); POST the envelope to `url`. */
export async function startX12CoreSimulator(options: X12CoreSimulatorOptions & { port?: number } = {}) {
  const simulator = createX12CoreSimulator(options);
  const server = await serveOnLoopback(simulator.handler, options.port ?? 0);
  // Same object, so knobs set on the result reach the handler.
  return Object.assign(simulator, { url: server.url, port: server.port, close: server.close });
}
