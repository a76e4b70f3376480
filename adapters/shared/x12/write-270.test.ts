import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/domain/errors';
import type { EligibilityRequest } from '../../../src/domain/eligibility';
import { element, repetitions } from './elements';
import { allTransactions } from './interchange';
import { interpret270 } from './interpret-270';
import { readInterchange } from './read-interchange';
import { fixture } from '../../../test/helpers/x12-fixtures';
import { write270, type Envelope270 } from './write-270';

const request: EligibilityRequest = {
  payerId: 'PAYER01',
  payerName: 'Sandbox Payer',
  provider: { npi: '1234567893', organizationName: 'Sandbox Clinic' },
  subscriber: { memberId: 'ZZT0000001', firstName: 'Alex', lastName: 'Testperson', birthDate: '1980-01-31', gender: 'F' },
  serviceTypeCodes: ['30'],
  dateOfService: '2024-03-01',
  traceNumber: 'TRACE-42',
};
const envelope: Envelope270 = { senderId: 'CAREGATE', receiverId: 'CLEARHOUSE', interchangeControlNumber: 42, now: new Date('2024-03-01T09:30:15Z'), usageIndicator: 'T' };
const segmentsOf = (text: string) => text.split('~').filter((s) => s !== '');

describe('write270', () => {
  it('writes a fixed-width ISA and the 005010X279A1 envelope', () => {
    const text = write270(request, envelope);
    const [isa, gs, st] = segmentsOf(text);
    expect(isa).toBe('ISA*00*          *00*          *ZZ*CAREGATE       *ZZ*CLEARHOUSE     *240301*0930*^*00501*000000042*0*T*:');
    expect(`${isa}~`).toHaveLength(106);
    expect(gs).toBe('GS*HS*CAREGATE*CLEARHOUSE*20240301*0930*42*X*005010X279A1');
    expect(st).toBe('ST*270*0001*005010X279A1');
    expect(segmentsOf(text).slice(-3)).toEqual(['SE*13*0001', 'GE*1*42', 'IEA*1*000000042']);
  });

  it('writes the subscriber as patient: HL 20-21-22, NM1*PR/1P/IL, TRN in 2000C, DMG, DTP*291, EQ', () => {
    const body = segmentsOf(write270({ ...request, serviceTypeCodes: ['30', '98', 'UC'] }, envelope)).slice(3, -3);
    expect(body).toEqual([
      'BHT*0022*13*TRACE-42*20240301*0930',
      'HL*1**20*1',
      'NM1*PR*2*Sandbox Payer*****PI*PAYER01',
      'HL*2*1*21*1',
      'NM1*1P*2*Sandbox Clinic*****XX*1234567893',
      'HL*3*2*22*0',
      'TRN*1*TRACE-42*9CAREGATE0',
      'NM1*IL*1*Testperson*Alex****MI*ZZT0000001',
      'DMG*D8*19800131*F',
      'DTP*291*D8*20240301',
      'EQ*30^98^UC',
    ]);
  });

  it('puts TRN, DTP and EQ in the dependent loop (HL 23) when the patient is a dependent', () => {
    const body = segmentsOf(write270({ ...request, dependent: { firstName: 'Sam', lastName: 'Testperson', birthDate: '2012-06-15' } }, envelope)).slice(8, -3);
    expect(body).toEqual([
      'HL*3*2*22*1',
      'NM1*IL*1*Testperson*Alex****MI*ZZT0000001',
      'DMG*D8*19800131*F',
      'HL*4*3*23*0',
      'TRN*1*TRACE-42*9CAREGATE0',
      'NM1*03*1*Testperson*Sam',
      'DMG*D8*20120615',
      'DTP*291*D8*20240301',
      'EQ*30',
    ]);
  });

  it('writes apostrophes, hyphens and the other X12 punctuation as given', () => {
    const text = write270({ ...request, subscriber: { ...request.subscriber, lastName: "O'Brien-Smith Jr." }, provider: { npi: '1234567893', lastName: 'Nunez', firstName: 'Ana' } }, envelope);
    expect(text).toContain("NM1*IL*1*O'Brien-Smith Jr.*Alex****MI*ZZT0000001~");
    expect(text).toContain('NM1*1P*1*Nunez*Ana****XX*1234567893~');
    expect(readInterchange(text).warnings).toEqual([]);
  });

  it('throws instead of rewriting a value holding a delimiter, a control character or an accent, or too long', () => {
    const attempts: [Partial<EligibilityRequest>, string][] = [
      [{ subscriber: { ...request.subscriber, memberId: 'ZZT0000001\u0007' } }, 'subscriber.memberId'],
      [{ subscriber: { ...request.subscriber, memberId: 'ZZT*0000001' } }, 'subscriber.memberId'],
      [{ subscriber: { ...request.subscriber, memberId: ' ZZT0000001' } }, 'subscriber.memberId'],
      [{ subscriber: { ...request.subscriber, memberId: 'Z'.repeat(81) } }, 'subscriber.memberId'],
      [{ subscriber: { ...request.subscriber, lastName: 'Bri~en' } }, 'subscriber.lastName'],
      [{ subscriber: { ...request.subscriber, lastName: 'L'.repeat(61) } }, 'subscriber.lastName'],
      [{ subscriber: { ...request.subscriber, firstName: 'Jos\u00e9' } }, 'subscriber.firstName'],
      [{ subscriber: { ...request.subscriber, firstName: 'F'.repeat(36) } }, 'subscriber.firstName'],
      [{ dependent: { firstName: 'Sam', lastName: 'Test^person' } }, 'dependent.lastName'],
      [{ provider: { npi: '1234567893', organizationName: 'Clinic:North' } }, 'provider.organizationName'],
      [{ traceNumber: 'TRACE\n42' }, 'traceNumber'],
      [{ payerId: 'P' }, 'payerId'],
    ];
    for (const [change, field] of attempts) {
      let thrown: unknown;
      try {
        write270({ ...request, ...change }, envelope);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, field).toBeInstanceOf(GatewayError);
      expect((thrown as GatewayError).details).toEqual({ field });
    }
  });

  it('round-trips through readInterchange and interpret270 without warnings', () => {
    const dependentRequest: EligibilityRequest = { ...request, dependent: { firstName: 'Sam', lastName: 'Testperson', birthDate: '2012-06-15', gender: 'M' }, serviceTypeCodes: ['30', 'AL'] };
    for (const original of [request, dependentRequest]) {
      const text = write270(original, envelope);
      const interchange = readInterchange(text);
      expect(interchange.warnings).toEqual([]);
      expect(interchange.header).toMatchObject({ senderId: 'CAREGATE', receiverId: 'CLEARHOUSE', controlNumber: '000000042', usageIndicator: 'T', version: '00501' });
      const eq = allTransactions(interchange)[0]!.segments.find((s) => s.id === 'EQ')!;
      expect(repetitions(element(eq, 1))).toEqual(original.serviceTypeCodes);
      expect(interpret270(text)).toEqual(original);
    }
  });

  it('generates a trace number when none is given, and defaults to production usage and service type 30', () => {
    const text = write270({ ...request, traceNumber: undefined, serviceTypeCodes: [] }, { ...envelope, usageIndicator: undefined });
    const parsed = interpret270(text);
    expect(parsed.traceNumber).toMatch(/^[0-9a-f]{32}$/);
    expect(parsed.serviceTypeCodes).toEqual(['30']);
    expect(readInterchange(text).header.usageIndicator).toBe('P');
  });

  it('refuses requests it cannot write, naming the field but no value', () => {
    const attempts: [Partial<EligibilityRequest>, Partial<Envelope270>, string][] = [
      [{ provider: { npi: '12345' } }, {}, 'provider.npi'],
      [{ serviceTypeCodes: ['30', 'bad code'] }, {}, 'serviceTypeCodes'],
      [{ dateOfService: '2024-02-30' }, {}, 'dateOfService'],
      [{ subscriber: { firstName: 'Secretname' } }, {}, 'subscriber'],
      [{ subscriber: { ...request.subscriber, birthDate: '31/01/1980' } }, {}, 'subscriber.birthDate'],
      [{ dependent: { firstName: 'Sam' } }, {}, 'dependent'],
      [{}, { senderId: 'A-SENDER-ID-TOO-LONG' }, 'envelope.senderId'],
      [{}, { interchangeControlNumber: 1e10 }, 'envelope.interchangeControlNumber'],
      [{}, { transactionControlNumber: '12-34' }, 'envelope.transactionControlNumber'],
    ];
    for (const [requestChange, envelopeChange, field] of attempts) {
      let thrown: unknown;
      try {
        write270({ ...request, ...requestChange }, { ...envelope, ...envelopeChange });
      } catch (error) {
        thrown = error;
      }
      expect(thrown, field).toBeInstanceOf(GatewayError);
      expect((thrown as GatewayError).code).toBe('BAD_INPUT');
      expect((thrown as GatewayError).details).toEqual({ field });
      expect((thrown as GatewayError).message).not.toMatch(/Secretname|31\/01|12345|bad code/);
    }
  });

  it('the public 270 samples read back as requests', () => {
    expect(interpret270(fixture('LinuxForHealth_x12_subscriber-health-benefit-check.270.edi'))).toEqual({
      payerId: '842610001',
      payerName: 'ABC COMPANY',
      provider: { npi: '', organizationName: 'BONE AND JOINT CLINIC', lastName: undefined, firstName: undefined },
      subscriber: { memberId: '11122333301', firstName: 'ROBERT', lastName: 'SMITH', birthDate: '1943-05-19' },
      dependent: undefined,
      serviceTypeCodes: ['30'],
      dateOfService: '2006-05-01',
      traceNumber: '93175-012547',
    });
    expect(interpret270(fixture('LinuxForHealth_x12_dependent-health-benefit-check.270.edi'))).toMatchObject({
      subscriber: { memberId: '11122333301' },
      dependent: { firstName: 'MARY', lastName: 'SMITH', birthDate: '1978-10-14' },
      traceNumber: '93175-012547',
    });
    expect(interpret270(fixture('seedifferently_apidocs-v4_raw_x12_support_270.edi'))).toMatchObject({
      payerId: 'MOCKPAYER',
      provider: { npi: '1912301953', organizationName: 'POKITDOK, INC.' },
      dateOfService: '2013-10-31',
      traceNumber: '930000000000',
    });
  });
});
