import { describe, expect, it } from 'vitest';
import type { EligibilityRequest } from '../../../src/domain/eligibility';
import requestFixture from '../../../test/fixtures/eligibility-json/request-active.json';
import activeFixture from '../../../test/fixtures/eligibility-json/response-active.json';
import payerAaaFixture from '../../../test/fixtures/eligibility-json/response-aaa-payer.json';
import subscriberAaaFixture from '../../../test/fixtures/eligibility-json/response-aaa-subscriber.json';
import { lookupSandboxMember } from '../sandbox-members';
import { fromWireResponse } from './from-wire';
import { simulatorResponse } from './simulator-response';
import { toWireRequest } from './to-wire';
import { wireEligibilityRequest, wireEligibilityResponse } from './wire';

/** Wire format against hand-written, PHI-free fixtures in the vendor's documented shape. */

const request: EligibilityRequest = {
  payerId: 'SANDBOX-PAYER-1',
  provider: { npi: '1999999984', organizationName: 'SANDBOX CLINIC' },
  subscriber: { memberId: 'MACE00001', firstName: 'AVERY', lastName: 'SANDBOX', birthDate: '1980-04-12', gender: 'F' },
  serviceTypeCodes: ['30'],
  dateOfService: '2024-06-15',
};

const interpret = (body: unknown, traceNumber = '000000123') =>
  fromWireResponse(wireEligibilityResponse.parse(body), { requestedServiceTypes: ['30'], traceNumber });

describe('eligibility-json wire format', () => {
  it('sends exactly the documented request body', () => {
    const wire = toWireRequest(request, '000000123');
    expect(wire).toEqual(requestFixture);
    expect(wireEligibilityRequest.parse(requestFixture)).toEqual(requestFixture);
  });

  it('sends a dependent in dependents[] and a person provider by name', () => {
    const wire = toWireRequest(
      { ...request, provider: { npi: '1999999984', lastName: 'SANDBOX', firstName: 'PAT' }, dependent: { firstName: 'FINLEY', lastName: 'SANDBOX', birthDate: '2015-06-01' } },
      '000000001',
    );
    expect(wire.provider).toEqual({ npi: '1999999984', lastName: 'SANDBOX', firstName: 'PAT' });
    expect(wire.dependents).toEqual([{ firstName: 'FINLEY', lastName: 'SANDBOX', dateOfBirth: '20150601' }]);
  });

  it('reads an active answer: plan, status, amounts in cents, fractions, networks, dates', () => {
    const result = interpret(activeFixture);
    expect(result.status).toBe('ACTIVE');
    expect(result.payer).toEqual({ id: 'SANDBOX-PAYER-1', name: 'Synthetic Health Plan' });
    expect(result.subscriber).toEqual({ memberId: 'MACE00001', firstName: 'AVERY', lastName: 'SANDBOX', birthDate: '1980-04-12', gender: 'F' });
    expect(result.plan).toEqual({
      name: 'SANDBOX PPO GOLD',
      groupNumber: 'GRP100001',
      planNumber: 'PPO-GOLD-01',
      dates: [
        { qualifier: { code: '346', name: 'Plan Begin' }, start: '2024-01-01', end: null },
        { qualifier: { code: '356', name: 'Eligibility Begin' }, start: '2024-01-01', end: null },
        { qualifier: { code: '291', name: 'Plan' }, start: '2024-01-01', end: '2024-12-31' },
      ],
    });
    const [, pcp, copayIn, copayOut, coinsurance, deductible, remaining, family, oop, mri] = result.benefits;
    expect(pcp?.relatedEntities).toEqual([
      { entity: { code: 'P3', name: 'Primary Care Provider' }, name: 'PAT SANDBOX', identifierQualifier: 'XX', identifier: '1999999992' },
    ]);
    expect(copayIn).toMatchObject({
      kind: { code: 'B', name: 'Co-Payment' },
      serviceTypes: [{ code: '98', name: 'Professional (Physician) Visit - Office' }],
      timePeriod: { code: '27', name: 'Visit' },
      amount: { amountMinor: 2500, currency: 'USD' },
      network: 'IN_NETWORK',
      networkRaw: 'Y',
      messages: ['PRIMARY CARE OFFICE VISIT'],
      additionalInfo: [{ qualifier: 'ZZ', code: '11' }],
    });
    expect(copayOut).toMatchObject({ amount: { amountMinor: 5000, currency: 'USD' }, network: 'OUT_OF_NETWORK' });
    expect(coinsurance).toMatchObject({ kind: { code: 'A' }, percent: 0.2, amount: null });
    expect(deductible).toMatchObject({
      coverageLevel: { code: 'IND', name: 'Individual' },
      timePeriod: { code: '23', name: 'Calendar Year' },
      amount: { amountMinor: 150_000 },
      dates: [{ qualifier: { code: '291', name: 'Plan' }, start: '2024-01-01', end: '2024-12-31' }],
    });
    // 1019.29 * 100 is 101928.99999999999 in floating point: the exact cents prove no float was used.
    expect(remaining).toMatchObject({ timePeriod: { code: '29' }, amount: { amountMinor: 101_929 } });
    expect(family).toMatchObject({ coverageLevel: { code: 'FAM' }, amount: { amountMinor: 300_000 } });
    expect(oop).toMatchObject({ kind: { code: 'G' }, network: 'BOTH', networkRaw: 'W' });
    expect(mri).toMatchObject({
      authorizationRequired: true,
      procedure: { qualifier: 'HC', code: '70551', modifiers: ['26'] },
      references: [{ qualifier: { code: 'G1', name: 'priorAuthorizationNumber' }, value: 'PA-SANDBOX-1', description: null }],
    });
    expect(result.rejections).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('reads a subscriber-level AAA as a rejection of the subscriber loop', () => {
    const result = interpret(subscriberAaaFixture, '000000124');
    expect(result.status).toBe('UNKNOWN');
    expect(result.benefits).toEqual([]);
    expect(result.rejections).toEqual([
      {
        reason: { code: '75', name: 'Subscriber/Insured Not Found' },
        followUpAction: { code: 'C', name: 'Please Correct and Resubmit' },
        loop: 'subscriber',
        loopCode: '2100C',
        retryable: false,
      },
    ]);
  });

  it('reads a payer-level AAA 42 as retryable', () => {
    const result = interpret(payerAaaFixture, '000000125');
    expect(result.subscriber).toBeNull();
    expect(result.plan).toBeNull();
    expect(result.rejections).toEqual([
      {
        reason: { code: '42', name: 'Unable to Respond at Current Time' },
        followUpAction: { code: 'R', name: 'Resubmission Allowed' },
        loop: 'source',
        loopCode: '2100A',
        retryable: true,
      },
    ]);
  });

  it('falls back to the top-level errors[] (location names the loop) when entities carry none', () => {
    const { payer, ...rest } = payerAaaFixture;
    const result = interpret({ ...rest, payer: { name: payer.name } }, '000000125');
    expect(result.rejections.map((rejection) => [rejection.reason.code, rejection.loop, rejection.retryable])).toEqual([['42', 'source', true]]);
  });

  it('the simulator answers in the documented shape (only documented top-level fields)', () => {
    const lookup = lookupSandboxMember({ payerId: 'SANDBOX-PAYER-1', memberId: 'MACE00001' });
    const body = simulatorResponse(wireEligibilityRequest.parse(requestFixture), lookup);
    const documented = new Set([...Object.keys(activeFixture), ...Object.keys(subscriberAaaFixture), 'dependents']);
    expect(Object.keys(body).filter((key) => !documented.has(key))).toEqual([]);
    const benefitKeys = new Set(activeFixture.benefitsInformation.flatMap((item) => Object.keys(item)));
    const simulated = (wireEligibilityResponse.parse(body).benefitsInformation ?? []).flatMap((item) => Object.keys(item));
    expect(simulated.filter((key) => !benefitKeys.has(key))).toEqual([]);
  });
});
