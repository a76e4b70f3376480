import { describe, expect, it } from 'vitest';
import type { Benefit, EligibilityResponse } from '../../../src/domain/eligibility';
import { interpret271, interpret271All } from './interpret-271';
import { fixture } from '../../../test/helpers/x12-fixtures';
import { X12Error } from './x12-error';

/** Golden tests over the public samples in test/fixtures/x12 (see SOURCES.md there). */

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const codes = (benefit: Benefit) => benefit.serviceTypes.map((type) => type.code);
const warningCodes = (response: EligibilityResponse) => response.warnings.map((w) => w.split(' ')[0]);
/** kind, coverage level, service types, time period, amount cents, percent, network. */
const row = (b: Benefit) => [b.kind.code, b.coverageLevel?.code ?? null, codes(b).join(','), b.timePeriod?.code ?? null, b.amount?.amountMinor ?? null, b.percent, b.network];

describe('LinuxForHealth subscriber 271 (implementation guide example)', () => {
  const response = interpret271(fixture('LinuxForHealth_x12_subscriber-health-benefit-check.271.edi'));

  it('reads the people, payer, plan and the echoed trace number', () => {
    expect(response.status).toBe('ACTIVE');
    expect(response.payer).toEqual({ id: '841610001', name: 'ABC COMPANY' });
    expect(response.subscriber).toEqual({ memberId: '123456789', firstName: 'JOHN', lastName: 'SMITH', birthDate: '1963-05-19', gender: 'M' });
    expect(response.dependent).toBeNull();
    expect(response.traceNumber).toBe('93175-012547');
    expect(response.plan).toEqual({ name: 'GOLD 123 PLAN', groupNumber: null, planNumber: null, dates: [{ qualifier: { code: '346', name: 'Plan Begin' }, start: '2006-01-01', end: null }] });
    expect(response.rejections).toEqual([]);
    expect(response.warnings).toEqual([]);
  });

  it('keeps every EB: the PCP in LS/LE, ten service types as repetitions, copays in and out of network', () => {
    expect(response.benefits.map(row)).toEqual([
      ['1', null, '30', null, null, null, 'UNKNOWN'],
      ['L', null, '', null, null, null, 'UNKNOWN'],
      ['1', null, '1,33,35,47,86,88,98,AL,MH,UC', null, null, null, 'UNKNOWN'],
      ['B', null, '1,33,35,47,86,88,98,AL,MH,UC', '27', 1000, null, 'IN_NETWORK'],
      ['B', null, '1,33,35,47,86,88,98,AL,MH,UC', '27', 3000, null, 'OUT_OF_NETWORK'],
    ]);
    const [, pcp, services, copayIn] = response.benefits;
    expect(pcp?.relatedEntities).toEqual([{ entity: { code: 'P3', name: 'Primary Care Provider' }, name: 'MARCUS JONES', identifierQualifier: 'SV', identifier: '0202034' }]);
    expect(services?.serviceTypes[9]).toEqual({ code: 'UC', name: 'Urgent Care' });
    expect(copayIn).toMatchObject({ kind: { code: 'B', name: 'Co-Payment' }, insuranceType: { code: 'HM', name: 'Health Maintenance Organization (HMO)' }, planCoverageDescription: 'GOLD 123 PLAN', timePeriod: { code: '27', name: 'Visit' }, amount: usd(1000), networkRaw: 'Y' });
  });
});

describe('LinuxForHealth dependent 271', () => {
  const response = interpret271(fixture('LinuxForHealth_x12_dependent-health-benefit-check.271.edi'));

  it('takes the patient from the dependent loop (HL 23) and its benefits from 2110D', () => {
    expect(response.status).toBe('ACTIVE');
    expect(response.subscriber).toMatchObject({ memberId: '123456789', lastName: 'SMITH', firstName: 'JOHN' });
    expect(response.dependent).toEqual({ firstName: 'MARY', lastName: 'SMITH', birthDate: '1998-10-14', gender: 'F' });
    expect(response.traceNumber).toBe('93175-012547');
    expect(response.plan?.dates).toEqual([{ qualifier: { code: '346', name: 'Plan Begin' }, start: '2006-01-01', end: null }]);
    expect(response.benefits.map((b) => b.kind.code)).toEqual(['1', 'L', '1', 'B', 'B']);
    expect(response.benefits[4]).toMatchObject({ amount: usd(3000), network: 'OUT_OF_NETWORK' });
    expect(response.warnings).toEqual([]);
  });
});

describe('LinuxForHealth error 271 (AAA at the receiver level)', () => {
  it('reports the 2100B rejection and the SE02/ST02 mismatch, with no subscriber', () => {
    const response = interpret271(fixture('LinuxForHealth_x12_subscriber-health-benefit-check-error.271.edi'));
    expect(response.status).toBe('UNKNOWN');
    expect(response.subscriber).toBeNull();
    expect(response.benefits).toEqual([]);
    expect(response.rejections).toEqual([
      { reason: { code: '50', name: 'Provider Ineligible for Inquiries' }, followUpAction: { code: 'N', name: 'Resubmission Not Allowed' }, loop: 'receiver', loopCode: '2100B', retryable: false },
    ]);
    expect(response.warnings).toEqual(['CONTROL_NUMBER_MISMATCH at segment 10: SE02 differs from ST02']);
  });
});

describe('node-x12 Medicare 271 (no GE/IEA: the sample ends after SE)', () => {
  it('is refused by default: a missing trailer may mean a truncated file', () => {
    expect(() => interpret271(fixture('aaronhuggins_node-x12_271.edi'))).toThrow(X12Error);
  });

  const response = interpret271(fixture('aaronhuggins_node-x12_271.edi'), { tolerate: ['MISSING_TRAILER'] });

  it('parses when the trailer fault is tolerated, with the GS01 quirk and trailers as warnings', () => {
    expect(response.status).toBe('ACTIVE');
    expect(response.payer).toEqual({ id: 'CMS', name: 'CMS' });
    expect(response.subscriber).toEqual({ memberId: '9UY4R33KV83', firstName: 'ALBERT', lastName: 'BELMAR', birthDate: '1950-07-22', gender: 'M' });
    expect(response.traceNumber).toBeNull(); // only TRN*1 (the clearinghouse's own), no echo of ours
    expect(warningCodes(response)).toEqual(['FUNCTIONAL_ID_MISMATCH', 'MISSING_TRAILER', 'MISSING_TRAILER']);
  });

  it('reads Medicare Part A and B as separate active plans with their dates', () => {
    const partA = response.benefits.find((b) => b.insuranceType?.code === 'MA');
    const partB = response.benefits.find((b) => b.kind.code === '1' && b.insuranceType?.code === 'MB');
    expect(partA).toMatchObject({ kind: { code: '1' }, insuranceType: { name: 'Medicare Part A' }, dates: [{ qualifier: { code: '291', name: 'Plan' }, start: '2015-07-01', end: null }] });
    expect(codes(partA!)).toEqual(['30', '42', '45', '48', '49', '69', '76', '83', 'A5', 'A7', 'AG', 'BT', 'BU', 'BV']);
    expect(codes(partB!)).toHaveLength(39);
    expect(codes(partB!).slice(-3)).toEqual(['BV', 'DM', 'UC']);
    expect(partB?.dates[0]?.start).toBe('2015-07-01');
  });

  it('reads co-insurance, episode and calendar-year deductibles, non-covered, QMB and the Part D other payer', () => {
    expect(response.benefits.slice(3).map(row)).toEqual([
      ['A', null, '30', '27', null, 0, 'UNKNOWN'],
      ['C', null, '30', '26', 0, null, 'UNKNOWN'],
      ['C', null, '30', '23', 0, null, 'UNKNOWN'],
      ['I', null, '41,54', null, null, null, 'UNKNOWN'],
      ['R', null, '', null, null, null, 'UNKNOWN'],
      ['R', null, '88', null, null, null, 'UNKNOWN'],
    ]);
    const [coinsurance, episode] = response.benefits.slice(3);
    expect(coinsurance?.dates[0]).toEqual({ qualifier: { code: '291', name: 'Plan' }, start: '2019-01-01', end: '2019-12-31' });
    expect(episode?.timePeriod).toEqual({ code: '26', name: 'Episode' });
    const [qmb, partD] = response.benefits.slice(7);
    expect(qmb).toMatchObject({ kind: { code: 'R', name: 'Other or Additional Payor' }, insuranceType: { code: 'QM', name: 'Qualified Medicare Beneficiary' }, planCoverageDescription: 'NJ QMB Plan' });
    expect(partD?.references).toEqual([
      { qualifier: { code: '18', name: 'Plan Number' }, value: 'S5601', description: null },
      { qualifier: { code: 'N6', name: 'Plan Network Identification Number' }, value: '008', description: 'SilverScript Choice' },
    ]);
    expect(partD?.dates).toEqual([{ qualifier: { code: '292', name: 'Benefit' }, start: '2017-01-01', end: null }]);
    expect(partD?.relatedEntities).toEqual([{ entity: { code: 'PR', name: 'Payer' }, name: 'SILVERSCRIPT INSURANCE COMPANY', identifierQualifier: null, identifier: null }]);
  });
});

describe('Machete 271 (SE01 says 25 for 26 segments)', () => {
  it('is refused by default', () => {
    expect(() => interpret271(fixture('phatboyg_Machete_Layout_Specs.271.edi'))).toThrow(/segment 28 \(SE\): SE01 does not match/);
  });

  const response = interpret271(fixture('phatboyg_Machete_Layout_Specs.271.edi'), { tolerate: ['COUNT_MISMATCH'] });

  it('never takes the plan status from an EB*1 on another service type', () => {
    expect(response.status).toBe('UNKNOWN'); // the only EB*1 is on 55 (major medical) and PT
    expect(interpret271(fixture('phatboyg_Machete_Layout_Specs.271.edi'), { tolerate: ['COUNT_MISMATCH'], requestedServiceTypes: ['55'] }).status).toBe('ACTIVE');
    expect(warningCodes(response)).toEqual(['VERSION_MISMATCH', 'SEGMENT_COUNT_MISMATCH']);
  });

  it('reads the dependent, EB03 repetitions, quantities, REF*Y4 and the PCP', () => {
    expect(response.dependent).toEqual({ firstName: 'JOHNNY', lastName: 'SMITH', birthDate: '1960-04-09', gender: 'M' });
    expect(response.traceNumber).toBe('93175-012547');
    const [limitation, active] = response.benefits;
    expect(limitation).toMatchObject({
      kind: { code: 'F', name: 'Limitations' },
      coverageLevel: { code: 'IND', name: 'Individual' },
      timePeriod: { code: '29', name: 'Remaining' },
      quantity: { qualifier: { code: 'DY', name: 'Days' }, value: 33 },
      network: 'IN_NETWORK',
      references: [{ qualifier: { code: 'Y4', name: 'Agency Claim Number' }, value: '653745725', description: '5010 CASE DESCRIPTION 3H' }],
    });
    expect(codes(limitation!)).toEqual(['55', 'CB', '77']);
    expect(limitation?.serviceTypes[1]).toEqual({ code: 'CB', name: 'Private Duty Nursing - Home' });
    expect(active).toMatchObject({ amount: usd(2600), timePeriod: { name: 'Year to Date' }, quantity: { qualifier: { code: 'LA', name: 'Life-time Reserve - Actual' }, value: 10 } });
    expect(active?.relatedEntities).toEqual([{ entity: { code: 'P3', name: 'Primary Care Provider' }, name: 'MARCUS JONES', identifierQualifier: 'XX', identifier: '1003853409' }]);
  });
});

describe('seedifferently commercial PPO 271 (one line, not conformant)', () => {
  const [response] = interpret271All(fixture('seedifferently_apidocs-v4_raw_x12_support_271.edi'));

  it('reads status, plan and group, and warns about the envelope quirks', () => {
    expect(response?.status).toBe('ACTIVE');
    expect(response?.plan).toEqual({ name: 'MOCK INDIVIDUAL ADVANTAGE PLAN', groupNumber: '088818801000013', planNumber: null, dates: [] });
    expect(response?.traceNumber).toBeNull();
    expect(warningCodes(response!)).toEqual(['ISA_QUALIFIER', 'ISA_QUALIFIER', 'MISSING_VERSION', 'MISSING_IMPLEMENTATION_REFERENCE', 'UNEXPECTED_BHT']);
  });

  it('reads copays with network (W = both), co-insurance as a fraction, and each MSG under its EB', () => {
    const [, copayIn, copayBoth, coinsIn, coinsOut] = response!.benefits;
    expect(row(copayIn!)).toEqual(['B', 'ESP', '98', null, 2000, null, 'IN_NETWORK']);
    expect(copayIn?.messages).toEqual(['PRIMARY OFFICE']);
    expect(row(copayBoth!)).toEqual(['B', 'ESP', '98', null, 3000, null, 'BOTH']);
    expect(copayBoth?.messages).toHaveLength(5);
    expect(row(coinsIn!)).toEqual(['A', 'ESP', '98', null, null, null, 'IN_NETWORK']);
    expect(row(coinsOut!)).toEqual(['A', 'ESP', '98', null, null, 0.5, 'OUT_OF_NETWORK']);
    expect(coinsOut?.messages[0]).toBe('GYN OFFICE VS,COINS APPLIES TO OUT OF POCKET');
    expect(response!.benefits.flatMap((b) => b.messages)).toHaveLength(25);
  });

  it('tells calendar-year deductibles (23) from remaining (29), per coverage level and network', () => {
    const deductibles = response!.benefits.filter((b) => b.kind.code === 'C').map(row);
    expect(deductibles).toEqual([
      ['C', 'FAM', '30', '23', 600000, null, 'IN_NETWORK'],
      ['C', 'FAM', '30', '29', 595609, null, 'IN_NETWORK'],
      ['C', 'IND', '30', '23', 300000, null, 'IN_NETWORK'],
      ['C', 'IND', '30', '29', 298357, null, 'IN_NETWORK'],
      ['C', 'FAM', '30', '23', 1200000, null, 'OUT_OF_NETWORK'],
      ['C', 'FAM', '30', '29', 1195609, null, 'OUT_OF_NETWORK'],
      ['C', 'IND', '30', '23', 600000, null, 'OUT_OF_NETWORK'],
      ['C', 'IND', '30', '29', 598357, null, 'OUT_OF_NETWORK'],
    ]);
    const calendarYear = response!.benefits.find((b) => b.kind.code === 'C');
    expect(calendarYear?.timePeriod).toEqual({ code: '23', name: 'Calendar Year' });
    expect(calendarYear?.dates).toEqual([{ qualifier: { code: '307', name: 'Eligibility' }, start: '2013-01-01', end: null }]);
    const outOfPocket = response!.benefits.filter((b) => b.kind.code === 'G');
    expect(outOfPocket.map(row)[7]).toEqual(['G', 'FAM', '30', '29', 2495609, null, 'OUT_OF_NETWORK']);
    expect(outOfPocket[0]?.kind.name).toBe('Out of Pocket (Stop Loss)');
  });
});
