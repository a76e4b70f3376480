import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interpret271, readInterchange, write270 } from '../../shared/x12';
import { basicAuthorization, corePayloadTypes, envelopeToFormData, formDataToEnvelope, type CoreEnvelope } from './core-envelope';
import { read999, rejects270 } from './read-999';
import { sandboxCoreCredentials, startX12CoreSimulator } from './simulator';

/** The CORE simulator's own contract: envelope checks, real 271 and 999 text. */

const now = new Date('2024-06-15T12:00:00Z');
const auth = basicAuthorization(sandboxCoreCredentials.username, sandboxCoreCredentials.password);

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

describe('x12-core simulator', () => {
  let simulator: Awaited<ReturnType<typeof startX12CoreSimulator>>;
  const post = async (fields: CoreEnvelope, authorization = auth) => {
    const response = await fetch(simulator.url, { method: 'POST', body: envelopeToFormData(fields), headers: { authorization } });
    return { status: response.status, envelope: await formDataToEnvelope(await response.formData()) };
  };

  beforeAll(async () => {
    simulator = await startX12CoreSimulator({ clock: { now: () => now.getTime() } });
  });
  afterAll(() => simulator.close());

  it('answers a 270 with a well-formed 271 echoing the PayloadID and the trace number', async () => {
    const { status, envelope: answer } = await post(envelope());
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
    const interchange = readInterchange(answer.Payload ?? '');
    expect(interchange.warnings).toEqual([]);
    expect(interchange.header).toMatchObject({ senderId: 'SANDBOXCH', receiverId: 'CAREGATE', usageIndicator: 'T' });
    const result = interpret271(answer.Payload ?? '', { requestedServiceTypes: ['30', '98'] });
    expect(result).toMatchObject({ status: 'ACTIVE', traceNumber: 'SIM-TRACE-1', warnings: [] });
  });

  it('refuses wrong credentials with an Unauthorized envelope error and HTTP 401', async () => {
    const { status, envelope: answer } = await post(envelope(), basicAuthorization('caregate-sandbox', 'nope'));
    expect(status).toBe(401);
    expect(answer).toMatchObject({ PayloadType: corePayloadTypes.envelopeError, ErrorCode: 'Unauthorized' });
  });

  it('validates the envelope metadata', async () => {
    const { PayloadID: _omitted, ...withoutId } = envelope();
    expect((await post(withoutId)).envelope).toMatchObject({ ErrorCode: 'PayloadIDRequired' });
    expect((await post(envelope({ CORERuleVersion: '2.1.0' }))).envelope).toMatchObject({ ErrorCode: 'VersionMismatch' });
    expect((await post(envelope({ ProcessingMode: 'Batch' }))).envelope).toMatchObject({ ErrorCode: 'ProcessingModeNotSupported' });
    expect((await post(envelope({ PayloadType: 'X12_276_Request_005010X212' }))).status).toBe(400);
  });

  it('rejects an unreadable 270 with a 999', async () => {
    const broken = x270('MACE00001').replace(/SE\*\d+\*/, 'SE*99*');
    const { envelope: answer } = await post(envelope({ Payload: broken }));
    expect(answer.PayloadType).toBe(corePayloadTypes.response999);
    const ack = read999(answer.Payload ?? '');
    expect(ack.groupStatus).toBe('R');
    expect(rejects270(ack)).toBe(true);
  });

  it('logs calls without member data', async () => {
    const before = simulator.calls.length;
    await post(envelope({ Payload: x270('MACE00002') }));
    expect(simulator.calls.slice(before)).toEqual([{ status: 200, payloadType: corePayloadTypes.response271, errorCode: 'Success' }]);
  });
});
