import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EligibilityRequest } from '../../../src/domain/eligibility';
import { GatewayError } from '../../../src/domain/errors';
import type { FetchFn } from '../../../src/ports/fetch';
import { readInterchange } from '../../shared/x12';
import { sandboxScenarioMembers } from '../sandbox-members';
import { createX12CoreAdapter, type X12CoreAdapterOptions } from './adapter';
import type { CoreEnvelope } from './core-envelope';
import type { CoreEnvelopeStandard } from './envelope-codec';
import { readCoreRequest, type PresentedCredentials } from './sim/core-wire';
import { sandboxCoreCredentials, startX12CoreSimulator } from './simulator';

/** The X12 adapter over real HTTP against its simulator, in both CORE envelope standards. */

const clock = { now: () => Date.parse('2024-06-15T12:00:00Z') };

const requestFor = (memberId: string, extra: Partial<EligibilityRequest> = {}): EligibilityRequest => ({
  payerId: 'SANDBOX-PAYER-1',
  provider: { npi: '1999999984', organizationName: 'SANDBOX CLINIC' },
  subscriber: { memberId, firstName: 'Avery', lastName: 'Sandbox', birthDate: '1980-04-12' },
  serviceTypeCodes: ['30'],
  dateOfService: '2024-06-15',
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

interface SentRequest {
  contentType: string;
  envelope: CoreEnvelope;
  credentials: PresentedCredentials | null;
  authorization: string | null;
}

describe.each<CoreEnvelopeStandard>(['mime', 'soap'])('x12-core adapter, %s envelope', (standard) => {
  /** Registered in the SOAP run only (MIME has no faults or XML to read), rather than shown as skipped in the other. */
  const itSoapOnly = (name: string, test: () => Promise<void>) => {
    if (standard === 'soap') it(name, test);
  };
  let simulator: Awaited<ReturnType<typeof startX12CoreSimulator>>;
  const sent: SentRequest[] = [];
  /** Real fetch, recording what went on the wire (read back with the simulator's envelope reader). */
  const recordingFetch: FetchFn = async (input, init) => {
    const request = new Request(input, init);
    if (request.method === 'POST') {
      const incoming = await readCoreRequest(request.clone());
      sent.push({ contentType: request.headers.get('content-type') ?? '', envelope: incoming.envelope, credentials: incoming.credentials, authorization: request.headers.get('authorization') });
    }
    return fetch(request);
  };
  const lastSent = (): SentRequest => sent.at(-1) ?? { contentType: '', envelope: {}, credentials: null, authorization: null };
  const adapter = (overrides: Partial<X12CoreAdapterOptions> = {}) =>
    createX12CoreAdapter({
      sourceId: 'clearinghouse-x12',
      baseUrl: simulator.url,
      fetch: recordingFetch,
      clock,
      senderId: 'CAREGATE',
      receiverId: 'SANDBOXCH',
      credentials: sandboxCoreCredentials,
      envelope: standard,
      timeoutMs: 2_000,
      ...overrides,
    });

  beforeAll(async () => {
    simulator = await startX12CoreSimulator({ clock });
  });
  afterAll(() => simulator.close());
  afterEach(() => {
    simulator.faults = {};
    simulator.memberFaults = {};
  });

  it('sends a CORE real-time envelope with a 270 and the credentials inside it, no Basic header', async () => {
    const result = await adapter({ controlNumberSeed: 700 }).check(requestFor(sandboxScenarioMembers.activePpo));
    const { envelope, credentials, authorization, contentType } = lastSent();
    expect(authorization).toBeNull();
    expect(credentials).toMatchObject({ username: 'caregate-sandbox', password: 'sandbox-password' });
    if (standard === 'soap') {
      expect(contentType).toBe('application/soap+xml; charset=UTF-8; action="RealTimeTransaction"');
      expect(credentials?.passwordType).toMatch(/#PasswordText$/);
      expect(envelope.UserName).toBeUndefined();
    } else {
      expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
      expect(envelope).toMatchObject({ UserName: 'caregate-sandbox', Password: 'sandbox-password' });
    }
    expect(envelope).toMatchObject({
      PayloadType: 'X12_270_Request_005010X279A1',
      ProcessingMode: 'RealTime',
      TimeStamp: '2024-06-15T12:00:00Z',
      SenderID: 'CAREGATE',
      ReceiverID: 'SANDBOXCH',
      CORERuleVersion: '2.2.0',
    });
    expect(envelope.PayloadID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const interchange = readInterchange(envelope.Payload ?? '');
    expect(interchange.header.controlNumber).toBe('000000701');
    const trn = interchange.groups[0]?.transactions[0]?.segments.find((segment) => segment.id === 'TRN');
    expect(trn?.elements[2]).toBe(result.traceNumber);
    expect(simulator.calls.at(-1)).toMatchObject({ status: 200, standard, payloadType: 'X12_271_Response_005010X279A1', errorCode: 'Success' });
  });

  it('numbers interchanges from a per-instance counter', async () => {
    const port = adapter({ controlNumberSeed: 999_999_998 });
    await port.check(requestFor(sandboxScenarioMembers.activeHmo));
    await port.check(requestFor(sandboxScenarioMembers.activeHmo));
    const numbers = sent.slice(-2).map(({ envelope }: SentRequest) => readInterchange(envelope.Payload ?? '').header.controlNumber);
    expect(numbers).toEqual(['999999999', '000000001']);
  });

  it('reads the 271: plan, copays in and out of network, coinsurance, deductibles', async () => {
    const result = await adapter().check(requestFor(sandboxScenarioMembers.activePpo, { traceNumber: 'TRACE-0001' }));
    expect(result.traceNumber).toBe('TRACE-0001');
    expect(result.status).toBe('ACTIVE');
    expect(result.payer).toEqual({ id: 'SANDBOX-PAYER-1', name: 'Synthetic Health Plan' });
    expect(result.plan).toMatchObject({ name: 'SANDBOX PPO GOLD', groupNumber: 'GRP100001', planNumber: 'PPO-GOLD-01' });
    const copays = result.benefits.filter((benefit) => benefit.kind.code === 'B' && benefit.serviceTypes[0]?.code === '98');
    expect(copays.map((benefit) => [benefit.network, benefit.amount?.amountMinor])).toEqual([
      ['IN_NETWORK', 2500],
      ['OUT_OF_NETWORK', 5000],
    ]);
    const remaining = result.benefits.find((benefit) => benefit.kind.code === 'C' && benefit.timePeriod?.code === '29');
    expect(remaining?.amount).toEqual({ amountMinor: 101_929, currency: 'USD' });
    expect(result.benefits.filter((benefit) => benefit.kind.code === 'A').map((benefit) => benefit.percent)).toEqual([0.2, 0.4]);
  });

  it('answers inactive coverage, AAA 75 and AAA 42 as data, not errors', async () => {
    const port = adapter();
    expect((await port.check(requestFor(sandboxScenarioMembers.inactive))).status).toBe('INACTIVE');
    const notFound = await port.check(requestFor(sandboxScenarioMembers.notFound));
    expect(notFound.rejections).toEqual([expect.objectContaining({ reason: expect.objectContaining({ code: '75' }), loop: 'subscriber', retryable: false })]);
    const down = await port.check(requestFor(sandboxScenarioMembers.payerUnavailable));
    expect(down.rejections).toEqual([expect.objectContaining({ reason: expect.objectContaining({ code: '42' }), loop: 'source', retryable: true })]);
    expect(down.subscriber).toBeNull();
  });

  it('turns the unavailable knob into an AAA 42 271 for any member', async () => {
    simulator.memberFaults[sandboxScenarioMembers.activeHmo] = { unavailable: 'aaa42' };
    const result = await adapter().check(requestFor(sandboxScenarioMembers.activeHmo));
    expect(result.rejections.map((rejection) => [rejection.reason.code, rejection.followUpAction?.code, rejection.retryable])).toEqual([['42', 'R', true]]);
    expect(result.benefits).toEqual([]);
  });

  it('asks about a dependent in the 2000D loop and reads the dependent answer', async () => {
    const result = await adapter().check(
      requestFor('', { subscriber: { memberId: sandboxScenarioMembers.subscriberWithDependent }, dependent: { firstName: 'Finley', lastName: 'Sandbox', birthDate: '2015-06-01' } }),
    );
    expect(result.status).toBe('ACTIVE');
    expect(result.dependent).toMatchObject({ firstName: 'FINLEY', lastName: 'SANDBOX', birthDate: '2015-06-01' });
    expect(result.benefits.length).toBeGreaterThan(3);
  });

  it('maps refused credentials to a non-retryable UPSTREAM_UNAVAILABLE', async () => {
    const error = await failure(adapter({ credentials: { username: 'caregate-sandbox', password: 'wrong' } }).check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: false });
    if (standard === 'soap') expect(error.details).toMatchObject({ soapFaultCode: 'Sender', soapFaultSubcode: 'FailedAuthentication', upstreamStatus: 400 });
    else expect(error.details).toMatchObject({ envelopeErrorCode: 'UnAuthorized', upstreamStatus: 401 });
  });

  it('is refused by the clearinghouse when the credentials go as HTTP Basic instead (the old wire format)', async () => {
    /** Moves the credentials out of the envelope into an Authorization header, as the adapter once did. */
    const basicOnlyFetch: FetchFn = async (input, init) => {
      const request = new Request(input, init);
      const authorization = `Basic ${btoa('caregate-sandbox:sandbox-password')}`;
      if (standard === 'soap') {
        const xml = (await request.text()).replace(/<soapenv:Header>.*<\/soapenv:Header>/s, '');
        return fetch(request.url, { method: 'POST', body: xml, headers: { 'content-type': request.headers.get('content-type') ?? '', authorization } });
      }
      const form = await request.formData();
      form.delete('UserName');
      form.delete('Password');
      return fetch(request.url, { method: 'POST', body: form, headers: { authorization } });
    };
    const error = await failure(adapter({ fetch: basicOnlyFetch }).check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: false });
    if (standard === 'soap') expect(error.details).toMatchObject({ soapFaultSubcode: 'InvalidSecurity', upstreamStatus: 400 });
    else expect(error.details).toMatchObject({ envelopeErrorCode: 'UnAuthorized', upstreamStatus: 401 });
  });

  it('refuses an answer of another payload type as UPSTREAM_INVALID', async () => {
    simulator.faults.responsePayloadType = 'X12_277_Response_005010X212';
    const error = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error).toMatchObject({ code: 'UPSTREAM_INVALID', details: { payloadType: 'X12_277_Response_005010X212' } });
  });

  it('times out after timeoutMs as UPSTREAM_TIMEOUT', async () => {
    simulator.faults.delayMs = 400;
    const error = await failure(adapter({ timeoutMs: 100 }).check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', retryable: true });
  });

  it('maps HTTP 503 to a retryable UPSTREAM_UNAVAILABLE without resending the 270', async () => {
    simulator.faults.unavailable = 'http503';
    const before = simulator.calls.length;
    const error = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(simulator.calls.length - before).toBe(1);
  });

  it('maps a payload that is not X12 to UPSTREAM_INVALID', async () => {
    simulator.faults.garbage = true;
    const error = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error).toMatchObject({ code: 'UPSTREAM_INVALID', retryable: false });
  });

  it('refuses a 271 whose TRN does not echo our trace number', async () => {
    simulator.faults.trnMismatch = true;
    const error = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error).toMatchObject({ code: 'UPSTREAM_INVALID', details: { reason: 'trace number mismatch' } });
  });

  it('refuses an envelope answering another PayloadID', async () => {
    simulator.faults.wrongPayloadId = true;
    const error = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error).toMatchObject({ code: 'UPSTREAM_INVALID', details: { reason: 'payload id mismatch' } });
  });

  it('maps a 999 rejection to UPSTREAM_REJECTED with the segment in error', async () => {
    simulator.faults.respond999 = true;
    const error = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error).toMatchObject({ code: 'UPSTREAM_REJECTED', retryable: false, details: { acknowledgment: 'R', segmentErrors: ['NM1@8:8'] } });
  });

  it('maps envelope errors by meaning: a missing field is our fault, a receiver down is transient', async () => {
    simulator.faults.envelopeError = { code: 'Payload ID Missing', message: 'PayloadID is required', status: 400 };
    const missing = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(missing).toMatchObject({ code: 'UPSTREAM_REJECTED', retryable: false, details: { envelopeErrorCode: 'Payload ID Missing', upstreamStatus: 400 } });
    simulator.faults.envelopeError = { code: 'Receiver Down', message: 'Payer connection down' };
    const down = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(down).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, details: { envelopeErrorCode: 'Receiver Down', upstreamStatus: 200 } });
    expect(JSON.stringify(down)).not.toContain('Payer connection down');
  });

  it('keeps PHI out of error messages and details', async () => {
    simulator.faults.trnMismatch = true;
    const error = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo)));
    const exposed = JSON.stringify({ message: error.message, details: error.details });
    for (const value of [sandboxScenarioMembers.activePpo, 'Avery', 'Sandbox', '1980']) expect(exposed).not.toContain(value);
  });

  itSoapOnly('maps SOAP Faults by code: Receiver is transient, Sender is our request', async () => {
    simulator.faults.soapFault = { code: 'Receiver' };
    const receiver = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(receiver).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, details: { soapFaultCode: 'Receiver', upstreamStatus: 500 } });
    expect(JSON.stringify(receiver)).not.toContain('Injected fault');
    simulator.faults.soapFault = { code: 'Sender', subcode: 'wsse:UnsupportedAlgorithm' };
    const sender = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(sender).toMatchObject({ code: 'UPSTREAM_REJECTED', retryable: false, details: { soapFaultCode: 'Sender', soapFaultSubcode: 'UnsupportedAlgorithm', upstreamStatus: 400 } });
  });

  itSoapOnly('refuses an answer that is not a SOAP 1.2 envelope as UPSTREAM_INVALID', async () => {
    const soap11Fetch: FetchFn = async (input, init) => {
      const answer = await fetch(input, init);
      const xml = (await answer.text()).replaceAll('http://www.w3.org/2003/05/soap-envelope', 'http://schemas.xmlsoap.org/soap/envelope/');
      return new Response(xml, { status: answer.status, headers: answer.headers });
    };
    const error = await failure(adapter({ fetch: soap11Fetch }).check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error).toMatchObject({ code: 'UPSTREAM_INVALID', message: 'Clearinghouse answer is not a CORE envelope' });
  });

  it('pings the endpoint', async () => {
    expect(await adapter().ping()).toBe(true);
    const closed = await startX12CoreSimulator();
    await closed.close();
    expect(await adapter({ baseUrl: closed.url }).ping()).toBe(false);
  });
});
