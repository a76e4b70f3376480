import { describe, expect, it } from 'vitest';
import type { Rejection } from '../../../src/domain/eligibility';
import { isRetryableRejection } from './benefit-271';
import { interpret271, interpret271All } from './interpret-271';
import { fixture } from '../../../test/helpers/x12-fixtures';

/** Golden tests over the fixtures written for this project (SOURCES.md, "written for Caregate"). */

const brief = (r: Rejection) => `${r.reason.code}/${r.followUpAction?.code ?? '-'} ${r.loop} ${r.loopCode} ${r.retryable ? 'retryable' : 'final'}`;

describe('payer- and subscriber-level rejections, eight ST/SE in one interchange', () => {
  const responses = interpret271All(fixture('caregate_subscriber-rejections.271.edi'));

  it('interprets every transaction, each with its own trace number', () => {
    expect(responses).toHaveLength(8);
    expect(responses.map((r) => r.traceNumber)).toEqual([null, null, 'TRACE-0003', 'TRACE-0004', 'TRACE-0005', 'TRACE-0006', 'TRACE-0007', 'TRACE-0008']);
    expect(responses.every((r) => r.status === 'UNKNOWN' && r.benefits.length === 0 && r.warnings.length === 0)).toBe(true);
  });

  it('reads AAA at 2000A, 2100A and 2100C with names, follow-up actions and the retry rule', () => {
    expect(responses.map((r) => r.rejections.map(brief))).toEqual([
      ['42/R source 2000A retryable'],
      ['79/C source 2100A final'],
      ['72/C subscriber 2100C final'],
      ['73/C subscriber 2100C final', '58/C subscriber 2100C final'],
      ['75/N subscriber 2100C final'],
      ['76/C subscriber 2100C final'],
      ['42/R subscriber 2100C retryable'],
      ['42/C subscriber 2100C final'],
    ]);
    expect(responses[0]?.payer).toEqual({ id: 'PAYER01', name: 'CAREGATE TEST PAYER' });
    expect(responses[2]?.rejections[0]).toEqual({
      reason: { code: '72', name: 'Invalid/Missing Subscriber/Insured ID' },
      followUpAction: { code: 'C', name: 'Please Correct and Resubmit' },
      loop: 'subscriber',
      loopCode: '2100C',
      retryable: false,
    });
    expect(responses[4]?.rejections[0]?.reason.name).toBe('Subscriber/Insured Not Found');
    expect(responses[5]?.rejections[0]?.reason.name).toBe('Duplicate Subscriber/Insured ID Number');
  });

  it('interpret271 returns the first transaction only', () => {
    expect(interpret271(fixture('caregate_subscriber-rejections.271.edi')).rejections.map(brief)).toEqual(['42/R source 2000A retryable']);
  });
});

describe('dependent-level rejections, two functional groups', () => {
  const responses = interpret271All(fixture('caregate_dependent-rejections.271.edi'));

  it('reads AAA at 2100D and 2110D and keeps the benefit-level one apart', () => {
    expect(responses.map((r) => r.rejections.map(brief))).toEqual([
      ['67/C dependent 2100D final'],
      ['42/X dependent 2100D retryable'],
      ['15/C dependent 2110D final'],
    ]);
    expect(responses[1]?.rejections[0]?.followUpAction?.name).toBe('Please Wait 10 Days and Resubmit');
    expect(responses.map((r) => r.traceNumber)).toEqual(['DEP-TRACE-1', 'DEP-TRACE-2', 'DEP-TRACE-3']);
    expect(responses[0]?.dependent).toEqual({ firstName: 'SAM', lastName: 'TESTPERSON' });
  });

  it('still reads the dependent benefits next to a benefit-level rejection', () => {
    const last = responses[2]!;
    expect(last.status).toBe('ACTIVE');
    expect(last.dependent).toEqual({ firstName: 'SAM', lastName: 'TESTPERSON', birthDate: '2012-06-15', gender: 'F' });
    expect(last.benefits.map((b) => [b.kind.code, b.serviceTypes.map((s) => s.code).join(','), b.messages])).toEqual([
      ['1', '30', []],
      ['V', 'AL', ['VISION INQUIRIES NOT SUPPORTED']],
    ]);
    expect(last.plan?.name).toBe('SANDBOX SILVER');
  });
});

describe('inactive coverage', () => {
  const response = interpret271(fixture('caregate_inactive-coverage.271.edi'));

  it('is INACTIVE from EB*6 on 30 although pharmacy and vision carve-outs are active', () => {
    expect(response.status).toBe('INACTIVE');
    expect(response.benefits.map((b) => [b.kind.name, b.serviceTypes[0]?.code])).toEqual([
      ['Inactive', '30'],
      ['Active Coverage', '88'],
      ['Active Coverage', 'AL'],
    ]);
    expect(response.benefits[0]?.dates).toEqual([{ qualifier: { code: '347', name: 'Plan End' }, start: null, end: '2023-12-31' }]);
  });

  it('asking about pharmacy makes the active pharmacy EB count', () => {
    expect(interpret271(fixture('caregate_inactive-coverage.271.edi'), { requestedServiceTypes: ['88'] }).status).toBe('ACTIVE');
  });

  it('reads plan begin/end and the group from REF*6P', () => {
    expect(response.plan).toEqual({
      name: 'SANDBOX EMPLOYER GROUP',
      groupNumber: 'GRP-778',
      planNumber: null,
      dates: [
        { qualifier: { code: '346', name: 'Plan Begin' }, start: '2020-01-01', end: null },
        { qualifier: { code: '347', name: 'Plan End' }, start: null, end: '2023-12-31' },
      ],
    });
  });
});

describe('envelope variants carry the same meaning', () => {
  it('0x1D terminators with | { } delimiters: repetitions and the EB13 procedure composite', () => {
    const response = interpret271(fixture('caregate_gs-terminators.271.edi'));
    expect(response.status).toBe('ACTIVE');
    expect(response.benefits[0]?.serviceTypes.map((s) => s.code)).toEqual(['30', '98']);
    expect(response.benefits[1]).toMatchObject({ amount: { amountMinor: 2500, currency: 'USD' }, network: 'IN_NETWORK', procedure: { qualifier: 'HC', code: '99213', modifiers: ['25'] } });
    expect(response.warnings).toEqual([]);
  });

  it('BOM and pretty-printing: co-insurance fraction, copay, deductibles, visit limits, RD8 plan dates, REF*18', () => {
    const response = interpret271(fixture('caregate_bom-pretty.271.edi'));
    expect(response.status).toBe('ACTIVE');
    expect(response.plan).toEqual({ name: 'SANDBOX BRONZE HMO', groupNumber: null, planNumber: 'PLN-55', dates: [{ qualifier: { code: '291', name: 'Plan' }, start: '2024-01-01', end: '2024-12-31' }] });
    const [, coinsurance, copay, deductible, remaining, visits] = response.benefits;
    expect(coinsurance).toMatchObject({ percent: 0.2, serviceTypes: [{ code: 'A6', name: 'Psychotherapy' }], network: 'IN_NETWORK' });
    expect(copay?.amount).toEqual({ amountMinor: 5000, currency: 'USD' });
    expect([deductible?.timePeriod?.name, deductible?.amount?.amountMinor]).toEqual(['Calendar Year', 150000]);
    expect([remaining?.timePeriod?.name, remaining?.amount?.amountMinor]).toEqual(['Remaining', 125050]);
    expect(visits).toMatchObject({ kind: { name: 'Limitations' }, quantity: { qualifier: { name: 'Visits' }, value: 20 }, additionalInfo: [{ qualifier: 'ZZ', code: '11' }] });
    expect(response.subscriber?.gender).toBe('U');
  });

  it('4010 envelope', () => {
    const response = interpret271(fixture('caregate_4010.271.edi'));
    expect(response.status).toBe('ACTIVE');
    expect(response.benefits.map((b) => [b.kind.code, b.amount?.amountMinor ?? null])).toEqual([['1', null], ['B', 1500], ['C', 50000]]);
    expect(response.warnings).toEqual([]);
  });
});

describe('retry rule', () => {
  it('follows AAA04, with 42/80 retryable unless AAA04 forbids it', () => {
    expect(['R', 'P', 'W', 'X'].map((f) => isRetryableRejection('72', f))).toEqual([true, true, true, true]);
    expect(['C', 'N', 'S', 'Y'].map((f) => isRetryableRejection('42', f))).toEqual([false, false, false, false]);
    expect([isRetryableRejection('42', ''), isRetryableRejection('80', ''), isRetryableRejection('75', '')]).toEqual([true, true, false]);
  });
});
