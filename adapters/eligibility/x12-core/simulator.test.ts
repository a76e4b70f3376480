import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interpret271, readInterchange, write270 } from '../../shared/x12';
import { corePayloadTypes, coreNamespace, type CoreCredentials, type CoreEnvelope } from './core-envelope';
import { envelopeToFormData, formDataToEnvelope } from './mime-envelope';
import { read999, rejects270 } from './read-999';
import { readSoapAnswer, soap12Namespace, soapContentType, writeCoreSoap, type SoapAnswer } from './soap-envelope';
import { sandboxCoreCredentials, startX12CoreSimulator } from './simulator';

/** The CORE simulator's own contract: both envelope standards, their credential checks, real 271 and 999 text. */

const now = new Date('2024-06-15T12:00:00Z');
const credentials: CoreCredentials = sandboxCoreCredentials;

/** HTTP Basic, as a client that ignores the CORE rule would send it. */
const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

const x270 = (memberId: string) =>
  write270(
    {
      payerId: 'SANDBOX-PAYER-1',
      provider: { npi: '1999999984', organizationName: 'SANDBOX CLINIC' },
      subscriber: { memberId },
      serviceTypeCodes: ['30', '98'],
      dateOfService: '2024-06-15',
      traceNumber: 'SIM-TRACE-1',
    },
    { senderId: 'CAREGATE', receiverId: 'SANDBOXCH', interchangeControlNumber: 42, now, usageIndicator: 'T' },
  );

const envelope = (overrides: CoreEnvelope = {}): CoreEnvelope => ({
  PayloadType: corePayloadTypes.request270,
  ProcessingMode: 'RealTime',
  PayloadID: '3f2b8a52-6a55-4f3c-9a8e-9d2f6f1d7c10',
  TimeStamp: '2024-06-15T12:00:00Z',
  SenderID: 'CAREGATE',
  ReceiverID: 'SANDBOXCH',
  CORERuleVersion: '2.2.0',
  Payload: x270('MACE00001'),
  ...overrides,
});

const withoutField = (field: keyof CoreEnvelope) => {
  const fields = envelope();
  delete fields[field];
  return fields;
};

describe('x12-core simulator', () => {
  let simulator: Awaited<ReturnType<typeof startX12CoreSimulator>>;
  const postMime = async (fields: CoreEnvelope, headers: Record<string, string> = {}) => {
    const response = await fetch(simulator.url, { method: 'POST', body: envelopeToFormData(fields), headers });
    return { status: response.status, envelope: await formDataToEnvelope(await response.formData()) };
  };
  const mime = (fields: CoreEnvelope = envelope(), account: CoreCredentials | null = credentials) =>
    postMime(account ? { ...fields, UserName: account.username, Password: account.password } : fields);
  const postSoap = async (xml: string): Promise<{ status: number; contentType: string | null; answer: SoapAnswer }> => {
    const response = await fetch(simulator.url, { method: 'POST', body: xml, headers: { 'content-type': soapContentType } });
    return { status: response.status, contentType: response.headers.get('content-type'), answer: readSoapAnswer(await response.text()) };
  };
  const soap = (fields: CoreEnvelope = envelope(), account: CoreCredentials | null = credentials) => postSoap(writeCoreSoap('Request', fields, account));
  const soapFields = async (fields: CoreEnvelope = envelope()) => {
    const { answer } = await soap(fields);
    if (answer.kind !== 'envelope') throw new Error(`expected an envelope, got a ${answer.fault.code} fault`);
    return answer.fields;
  };

  beforeAll(async () => {
    simulator = await startX12CoreSimulator({ clock: { now: () => now.getTime() } });
  });
  afterAll(() => simulator.close());

  describe('HTTP+MIME', () => {
    it('answers a 270 with a well-formed 271 echoing the PayloadID and the trace number', async () => {
      const { status, envelope: answer } = await mime();
      expect(status).toBe(200);
      expect(answer).toMatchObject({
        PayloadType: corePayloadTypes.response271,
        ProcessingMode: 'RealTime',
        PayloadID: '3f2b8a52-6a55-4f3c-9a8e-9d2f6f1d7c10',
        SenderID: 'SANDBOXCH',
        ReceiverID: 'CAREGATE',
        CORERuleVersion: '2.2.0',
        ErrorCode: 'Success',
      });
      expect(answer.UserName).toBeUndefined();
      const interchange = readInterchange(answer.Payload ?? '');
      expect(interchange.warnings).toEqual([]);
      expect(interchange.header).toMatchObject({ senderId: 'SANDBOXCH', receiverId: 'CAREGATE', usageIndicator: 'T' });
      const result = interpret271(answer.Payload ?? '', { requestedServiceTypes: ['30', '98'] });
      expect(result).toMatchObject({ status: 'ACTIVE', traceNumber: 'SIM-TRACE-1', warnings: [] });
    });

    it('refuses HTTP Basic auth without envelope credentials: HTTP 401, ErrorCode UnAuthorized', async () => {
      const { status, envelope: answer } = await postMime(envelope(), { authorization: basic(credentials.username, credentials.password) });
      expect(status).toBe(401);
      expect(answer).toMatchObject({ PayloadType: corePayloadTypes.envelopeError, ErrorCode: 'UnAuthorized' });
      expect(answer.Payload).toBeUndefined();
    });

    it('refuses a wrong Password, or a UserName without one, the same way', async () => {
      for (const attempt of [mime(envelope(), { username: credentials.username, password: 'nope' }), postMime({ ...envelope(), UserName: credentials.username })]) {
        const { status, envelope: answer } = await attempt;
        expect([status, answer.ErrorCode]).toEqual([401, 'UnAuthorized']);
      }
    });

    it('validates the envelope metadata with the rule error codes', async () => {
      const refused = async (fields: CoreEnvelope) => {
        const { status, envelope: answer } = await mime(fields);
        return [status, answer.ErrorCode];
      };
      expect(await refused(withoutField('PayloadID'))).toEqual([400, 'PayloadIDRequired']);
      expect(await refused(withoutField('TimeStamp'))).toEqual([400, 'TimeStampRequired']);
      expect(await refused(envelope({ PayloadID: 'not-a-uuid' }))).toEqual([400, 'PayloadIDIllegal']);
      expect(await refused(envelope({ TimeStamp: '15/06/2024 12:00' }))).toEqual([400, 'TimeStampIllegal']);
      expect(await refused(envelope({ CORERuleVersion: '2.1.0' }))).toEqual([400, 'VersionMismatch']);
      expect(await refused(envelope({ ProcessingMode: 'Batch' }))).toEqual([400, 'ProcessingModeIllegal']);
      expect(await refused(envelope({ PayloadType: 'X12_276_Request_005010X212' }))).toEqual([400, 'PayloadTypeIllegal']);
    });

    it('rejects an unreadable 270 with a 999', async () => {
      const broken = x270('MACE00001').replace(/SE\*\d+\*/, 'SE*99*');
      const { envelope: answer } = await mime(envelope({ Payload: broken }));
      expect(answer.PayloadType).toBe(corePayloadTypes.response999);
      const ack = read999(answer.Payload ?? '');
      expect(ack.groupStatus).toBe('R');
      expect(rejects270(ack)).toBe(true);
    });

    it('logs calls without member data', async () => {
      const before = simulator.calls.length;
      await mime(envelope({ Payload: x270('MACE00002') }));
      expect(simulator.calls.slice(before)).toEqual([{ status: 200, standard: 'mime', payloadType: corePayloadTypes.response271, errorCode: 'Success', fault: null }]);
    });
  });

  describe('SOAP 1.2', () => {
    it('answers a COREEnvelopeRealTimeRequest with a COREEnvelopeRealTimeResponse carrying the 271', async () => {
      const { status, contentType, answer } = await soap();
      expect(status).toBe(200);
      expect(contentType).toContain('application/soap+xml');
      expect(answer.kind).toBe('envelope');
      const fields = answer.kind === 'envelope' ? answer.fields : {};
      expect(fields).toMatchObject({ PayloadType: corePayloadTypes.response271, PayloadID: '3f2b8a52-6a55-4f3c-9a8e-9d2f6f1d7c10', CORERuleVersion: '2.2.0', ErrorCode: 'Success' });
      expect(interpret271(fields.Payload ?? '', { requestedServiceTypes: ['30'] })).toMatchObject({ status: 'ACTIVE', traceNumber: 'SIM-TRACE-1' });
      expect(simulator.calls.at(-1)).toMatchObject({ standard: 'soap', status: 200 });
    });

    it('refuses a request without a UsernameToken with a wsse:InvalidSecurity Sender fault (HTTP 400)', async () => {
      const { status, answer } = await soap(envelope(), null);
      expect(status).toBe(400);
      expect(answer).toEqual({ kind: 'fault', fault: expect.objectContaining({ code: 'Sender', subcode: { namespace: expect.stringContaining('oasis-200401-wss-wssecurity-secext'), local: 'InvalidSecurity' } }) });
    });

    it('refuses HTTP Basic on a SOAP request that has no UsernameToken', async () => {
      const response = await fetch(simulator.url, {
        method: 'POST',
        body: writeCoreSoap('Request', envelope(), null),
        headers: { 'content-type': soapContentType, authorization: basic(credentials.username, credentials.password) },
      });
      expect(response.status).toBe(400);
      expect(readSoapAnswer(await response.text())).toMatchObject({ kind: 'fault', fault: { subcode: { local: 'InvalidSecurity' } } });
    });

    it('refuses a wrong password with wsse:FailedAuthentication and a digest password as unsupported', async () => {
      const wrong = await soap(envelope(), { username: credentials.username, password: 'nope' });
      expect(wrong.answer).toMatchObject({ kind: 'fault', fault: { code: 'Sender', subcode: { local: 'FailedAuthentication' } } });
      const digest = writeCoreSoap('Request', envelope(), credentials).replace(/#PasswordText/, '#PasswordDigest');
      expect((await postSoap(digest)).answer).toMatchObject({ kind: 'fault', fault: { subcode: { local: 'UnsupportedSecurityToken' } } });
    });

    it('applies the same metadata checks inside the SOAP body', async () => {
      expect(await soapFields(withoutField('PayloadID'))).toMatchObject({ PayloadType: corePayloadTypes.envelopeError, ErrorCode: 'PayloadIDRequired' });
      expect(await soapFields(envelope({ PayloadType: 'X12_276_Request_005010X212' }))).toMatchObject({ ErrorCode: 'PayloadTypeIllegal' });
      expect(await soapFields(envelope({ CORERuleVersion: '2.1.0' }))).toMatchObject({ ErrorCode: 'VersionMismatch' });
    });

    it('refuses XML that is not a SOAP 1.2 envelope with a Sender fault', async () => {
      const soap11 = writeCoreSoap('Request', envelope(), credentials).replaceAll(soap12Namespace, 'http://schemas.xmlsoap.org/soap/envelope/');
      expect(await postSoap(soap11)).toMatchObject({ status: 400, answer: { kind: 'fault', fault: { code: 'Sender' } } });
      const wrongBody = `<soapenv:Envelope xmlns:soapenv="${soap12Namespace}"><soapenv:Body><cor:Other xmlns:cor="${coreNamespace}"/></soapenv:Body></soapenv:Envelope>`;
      expect((await postSoap(wrongBody)).status).toBe(400);
    });
  });

  it('answers a body of neither standard with 415', async () => {
    const response = await fetch(simulator.url, { method: 'POST', body: JSON.stringify(envelope()), headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(415);
    await response.body?.cancel();
  });
});
