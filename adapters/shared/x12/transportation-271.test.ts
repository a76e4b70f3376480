import { describe, expect, it } from 'vitest';
import { deriveTransportation } from '../../../src/domain/transportation-benefit';
import { interpret271 } from './interpret-271';

/**
 * The transportation benefit (service types 56-59) read from real 271 text: EB01 status lines,
 * EB01 F limitations with EB06 period + EB09 VS / EB10 count, EB11 authorization, EB01 B copay.
 */

/** An EB segment from its elements EB01.. (trailing empties dropped, as X12 requires). */
const eb = (...elements: string[]) => ['EB', ...elements].join('*').replace(/\*+$/, '');
const [EB04, EB05, EB06, EB07, EB08, EB09, EB10] = ['', '', '', '', '', '', ''];

const ISA = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240301*0930*^*00501*000000056*0*T*:~';
const transportationOf = (...benefits: string[]) => {
  const segments = [
    'ST*271*0001*005010X279A1',
    'BHT*0022*11*REF*20240301*0930',
    'HL*1**20*1',
    'NM1*PR*2*PAYER*****PI*P1',
    'HL*2*1*21*1',
    'NM1*1P*2*CLINIC*****XX*1234567893',
    'HL*3*2*22*0',
    'TRN*2*T-56*9X',
    'NM1*IL*1*DOE*PAT****MI*M1',
    'EB*1*IND*30*MC*MEDICAID CARE',
    ...benefits,
  ];
  segments.push(`SE*${segments.length + 1}*0001`);
  const text = [ISA, 'GS*HB*SENDER*RECEIVER*20240301*0930*56*X*005010X279A1~', ...segments.map((s) => `${s}~`), 'GE*1*56~', 'IEA*1*000000056~'].join('');
  const response = interpret271(text);
  expect(response.warnings).toEqual([]);
  return deriveTransportation(response.benefits);
};

describe('transportation from a 271', () => {
  it('covered, with the yearly allowance, what is left of it, and the copay per trip', () => {
    const transportation = transportationOf(
      eb('1', 'IND', '56', EB04, EB05, EB06, EB07, EB08, EB09, EB10, 'N', 'Y'),
      eb('F', 'IND', '56', EB04, EB05, '23', EB07, EB08, 'VS', '12', '', 'Y'),
      'MSG*ONE-WAY TRIPS TO COVERED MEDICAL APPOINTMENTS',
      eb('F', 'IND', '56', EB04, EB05, '29', EB07, EB08, 'VS', '10', '', 'Y'),
      eb('B', 'IND', '56', EB04, EB05, '27', '2.00', EB08, EB09, EB10, '', 'Y'),
    );
    expect(transportation).toEqual({
      status: 'COVERED',
      tripsAllowed: { count: 12, unit: { code: 'VS', name: 'Visits' }, period: { code: '23', name: 'Calendar Year' } },
      tripsRemaining: { count: 10, unit: { code: 'VS', name: 'Visits' }, period: { code: '23', name: 'Calendar Year' } },
      authorizationRequired: false,
      copay: { amountMinor: 200, currency: 'USD' },
      messages: ['ONE-WAY TRIPS TO COVERED MEDICAL APPOINTMENTS'],
      benefitCodes: ['1', 'F', 'B'],
      serviceTypeCodes: ['56'],
    });
  });

  it('not covered: EB01 I on 56', () => {
    const transportation = transportationOf('EB*I*IND*56', 'MSG*NON-EMERGENCY TRANSPORTATION NOT COVERED');
    expect(transportation.status).toBe('NOT_COVERED');
    expect(transportation.messages).toEqual(['NON-EMERGENCY TRANSPORTATION NOT COVERED']);
    expect(transportation.tripsAllowed).toBeNull();
  });

  it('covered with authorization required (EB11 Y)', () => {
    const transportation = transportationOf(eb('1', 'IND', '56', EB04, EB05, EB06, EB07, EB08, EB09, EB10, 'Y', 'Y'));
    expect(transportation).toMatchObject({ status: 'COVERED', authorizationRequired: true, copay: null, tripsRemaining: null });
  });

  it('UNKNOWN when the payer sends nothing for 56-59, however rich the rest of the answer', () => {
    const transportation = transportationOf(eb('B', 'IND', '98', EB04, EB05, '27', '25.00', EB08, EB09, EB10, '', 'Y'), eb('C', 'IND', '30', EB04, EB05, '23', '1500', EB08, EB09, EB10, '', 'Y'));
    expect(transportation).toEqual({
      status: 'UNKNOWN',
      tripsAllowed: null,
      tripsRemaining: null,
      authorizationRequired: null,
      copay: null,
      messages: [],
      benefitCodes: [],
      serviceTypeCodes: [],
    });
  });

  it('reads 57-59 too; an out-of-network exclusion does not undo in-network coverage', () => {
    const transportation = transportationOf(eb('1', 'IND', '58^59', EB04, EB05, EB06, EB07, EB08, EB09, EB10, 'N', 'Y'), eb('I', 'IND', '58', EB04, EB05, EB06, EB07, EB08, EB09, EB10, '', 'N'));
    expect(transportation).toMatchObject({ status: 'COVERED', serviceTypeCodes: ['58', '59'], benefitCodes: ['1', 'I'] });
    expect(transportationOf('EB*6*IND*56').status).toBe('NOT_COVERED');
  });
});
