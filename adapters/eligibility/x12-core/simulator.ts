import type { Clock } from '../../../src/ports/clock';
import { systemClock } from '../../../src/ports/clock';
import { serveOnLoopback } from '../../shared/loopback-server';
import { lookupSandboxMember, sandboxMembers, type SandboxLookup, type SandboxMember } from '../sandbox-members';
import { corePayloadTypes, coreRuleVersion, coreTimestamp, type CoreEnvelope } from './core-envelope';
import type { CoreEnvelopeStandard } from './envelope-codec';
import { passwordTextType } from './soap-envelope';
import { coreReply, readCoreRequest, soapFaultReply, UnreadableEnvelope, type IncomingCore } from './sim/core-wire';
import { build271 } from './sim/build-271';
import { build999 } from './sim/build-999';
import { parse270, Unreadable270, type Inquiry270 } from './sim/read-270';

/**
 * A clearinghouse CAQH CORE real-time endpoint (Phase II Connectivity Rule, CORE 270, v2.2.0)
 * answering 270s with real 271 text from the sandbox member table. Like a CORE-certified
 * server it speaks both envelope standards and refuses what the rule does not allow:
 * - HTTP+MIME multipart/form-data: the submitter's `UserName` and `Password` are envelope
 *   fields. An HTTP Basic header is not a CORE credential and is ignored, so a request with
 *   Basic auth only gets HTTP 401 and ErrorCode `UnAuthorized`, as wrong credentials do.
 * - SOAP 1.2 (`application/soap+xml`) with the WSDL's COREEnvelopeRealTimeRequest in the
 *   `http://www.caqh.org/SOAP/WSDL/CORERule2.2.0.xsd` namespace: credentials are a WS-Security
 *   UsernameToken with a PasswordText password; a missing token is a Fault with subcode
 *   `wsse:InvalidSecurity`, a wrong one `wsse:FailedAuthentication` (WSS 1.1, §12), sent as the
 *   SOAP 1.2 HTTP binding says (Sender faults as 400).
 * - Envelope metadata (both standards): `<FieldName>Required` for a missing field,
 *   `<FieldName>Illegal` for a malformed one (PayloadID not a UUID, TimeStamp not an
 *   xsd:dateTime, a ProcessingMode or PayloadType this endpoint does not serve), and
 *   `VersionMismatch` for a CORERuleVersion other than 2.2.0, each with HTTP 400.
 * A 999 answers an unreadable 270; fault knobs serve the tests.
 *
 * The rule: CAQH CORE Connectivity Rule vC2.2.0 (Phase II CORE 270, v2.2.0),
 * https://docslib.org/doc/4139640/caqh-core-connectivity-rule-vc2-2-0 (also
 * https://vdocuments.site/caqh-core-connectivity-rule-vc22.html); its two envelope standards
 * and two submitter authentication methods are summarised in the Phase IV CORE 470 rule §2.3.2,
 * https://paperzz.com/doc/6947321/core-phase-iv-470-connectivity-rule; PayloadID as an RFC 4122
 * UUID: CAQH CORE FAQ, https://www.caqh.org/taxonomy/term/114.
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
  /** SOAP requests only: answer with this SOAP 1.2 Fault (subcode a wsse: QName). */
  soapFault?: { code: 'Sender' | 'Receiver'; subcode?: string };
  /** Answer a success envelope carrying this PayloadType and no payload. */
  responsePayloadType?: string;
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
  /** The envelope standard of the request; null when the body was neither. */
  standard: CoreEnvelopeStandard | null;
  payloadType: string | null;
  /** ErrorCode of the answer ('Success' for a 271). */
  errorCode: string | null;
  /** The SOAP Fault subcode (`wsse:FailedAuthentication`) when the answer was a Fault. */
  fault: string | null;
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
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** xsd:dateTime: date, time, optional fraction and optional zone. */
const xsdDateTime = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

export function createX12CoreSimulator(options: X12CoreSimulatorOptions = {}): X12CoreSimulator {
  const clock = options.clock ?? systemClock;
  const credentials = options.credentials ?? sandboxCoreCredentials;
  const members = options.members ?? sandboxMembers;
  let interchangeCounter = 0;

  /** One request's answers; records what was answered in that request's call entry. */
  const replies = (call: X12SimulatorCall, standard: CoreEnvelopeStandard, faults: () => X12CoreFaults) => (request: CoreEnvelope, fields: CoreEnvelope, status = 200): Response => {
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
    return coreReply(standard, body, status);
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

  /** The rule's submitter check for each standard; null when the credentials are accepted. */
  function refuseCredentials(incoming: IncomingCore, reply: Reply, call: X12SimulatorCall): Response | null {
    const presented = incoming.credentials;
    const accepted = presented?.username === credentials.username && presented.password === credentials.password;
    if (incoming.standard === 'mime') {
      return accepted ? null : envelopeError(reply, incoming.envelope, 'UnAuthorized', 'UserName/Password not accepted', 401);
    }
    const fault = (subcode: string, reason: string) => {
      Object.assign(call, { fault: subcode });
      return soapFaultReply('Sender', subcode, reason);
    };
    if (!presented) return fault('wsse:InvalidSecurity', incoming.hasSecurityHeader ? 'No UsernameToken in wsse:Security' : 'A wsse:Security header with a UsernameToken is required');
    if ((presented.passwordType ?? passwordTextType) !== passwordTextType) return fault('wsse:UnsupportedSecurityToken', 'Only PasswordText passwords are accepted');
    return accepted ? null : fault('wsse:FailedAuthentication', 'The security token could not be authenticated');
  }

  /** The metadata checks both standards share, in the rule's terms. */
  function refuseMetadata(envelope: CoreEnvelope, reply: Reply): Response | null {
    const refuse = (code: string, message: string) => envelopeError(reply, envelope, code, message, 400);
    const missing = required.find((field) => !envelope[field]);
    if (missing) return refuse(`${missing}Required`, `${missing} is required`);
    if (!uuid.test(envelope.PayloadID ?? '')) return refuse('PayloadIDIllegal', 'PayloadID must be a UUID');
    if (!xsdDateTime.test(envelope.TimeStamp ?? '')) return refuse('TimeStampIllegal', 'TimeStamp must be an xsd:dateTime');
    if (envelope.CORERuleVersion !== coreRuleVersion) return refuse('VersionMismatch', `CORERuleVersion ${coreRuleVersion} expected`);
    if (envelope.ProcessingMode !== 'RealTime') return refuse('ProcessingModeIllegal', 'Only RealTime is served');
    if (envelope.PayloadType !== corePayloadTypes.request270) return refuse('PayloadTypeIllegal', `Only ${corePayloadTypes.request270} is served`);
    return null;
  }

  async function handle(request: Request, call: X12SimulatorCall): Promise<Response> {
    let faults: X12CoreFaults = simulator.faults;
    if (request.method === 'GET') return new Response('CAQH CORE real-time endpoint (sandbox)', { status: 200 });
    if (request.method !== 'POST') return new Response(null, { status: 405 });
    let incoming: IncomingCore;
    try {
      incoming = await readCoreRequest(request);
    } catch (error) {
      if (!(error instanceof UnreadableEnvelope)) throw error;
      call.standard = error.standard;
      if (error.standard === 'mime') return envelopeError(replies(call, 'mime', () => faults), {}, 'EnvelopeIllegal', error.message, 400);
      if (error.standard === 'soap') return soapFaultReply('Sender', null, error.message);
      return new Response(error.message, { status: 415 });
    }
    call.standard = incoming.standard;
    const reply = replies(call, incoming.standard, () => faults);
    const envelope = incoming.envelope;
    const refusal = refuseCredentials(incoming, reply, call) ?? refuseMetadata(envelope, reply);
    if (refusal) return refusal;

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
    if (faults.soapFault && incoming.standard === 'soap') {
      call.fault = faults.soapFault.subcode ?? faults.soapFault.code;
      return soapFaultReply(faults.soapFault.code, faults.soapFault.subcode ?? null, 'Injected fault');
    }
    if (faults.envelopeError) return envelopeError(reply, envelope, faults.envelopeError.code, faults.envelopeError.message, faults.envelopeError.status ?? 200);
    if (faults.respond999) return reject999(reply, envelope, inquiry, 'NM1', 8);
    if (faults.responsePayloadType) return reply(envelope, { PayloadType: faults.responsePayloadType, Payload: '', ErrorCode: 'Success', ErrorMessage: 'None' });
    if (faults.garbage) return reply(envelope, { PayloadType: corePayloadTypes.response271, Payload: 'THIS IS NOT AN X12 INTERCHANGE', ErrorCode: 'Success', ErrorMessage: 'None' });
    return answer(reply, envelope, inquiry, faults);
  }

  const simulator: X12CoreSimulator = {
    calls: [],
    faults: { ...options.faults },
    memberFaults: { ...options.memberFaults },
    last270: null,
    async handler(request) {
      const call: X12SimulatorCall = { status: 0, standard: null, payloadType: null, errorCode: null, fault: null };
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
