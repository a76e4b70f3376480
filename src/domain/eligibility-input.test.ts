import { describe, expect, it } from 'vitest';
import type { EligibilityRequest } from './eligibility';
import { assertEligibilityRequestSendable } from './eligibility-input';
import { GatewayError } from './errors';

const request: EligibilityRequest = {
  payerId: 'PAYER01',
  provider: { npi: '1234567893', organizationName: 'Sandbox Clinic' },
  subscriber: { memberId: 'ZZT0000001', firstName: 'Alex', lastName: 'Testperson', birthDate: '1980-01-31' },
  serviceTypeCodes: ['30'],
  dateOfService: '2024-03-01',
};

const fieldRefused = (change: Partial<EligibilityRequest>): unknown => {
  try {
    assertEligibilityRequestSendable({ ...request, ...change });
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('BAD_INPUT');
    return (error as GatewayError).details?.['field'];
  }
};

describe('eligibility requests are checked against the 270 (TR3) before any call', () => {
  it('accepts a request at the element limits', () => {
    expect(fieldRefused({ subscriber: { memberId: 'M'.repeat(80), lastName: 'L'.repeat(60), firstName: 'F'.repeat(35) } })).toBeNull();
  });

  it('names the field that cannot be sent as it is', () => {
    const cases: [Partial<EligibilityRequest>, string][] = [
      [{ subscriber: { memberId: 'ZZT0000001\u0007' } }, 'subscriber.memberId'],
      [{ subscriber: { memberId: 'M'.repeat(81) } }, 'subscriber.memberId'],
      [{ subscriber: { memberId: 'M' } }, 'subscriber.memberId'],
      [{ subscriber: {} }, 'subscriber.memberId'],
      [{ subscriber: { memberId: 'ZZT0000001', lastName: 'L'.repeat(61) } }, 'subscriber.lastName'],
      [{ subscriber: { memberId: 'ZZT0000001', firstName: 'F'.repeat(36) } }, 'subscriber.firstName'],
      [{ subscriber: { memberId: 'ZZT0000001', birthDate: '1980-02-30' } }, 'subscriber.birthDate'],
      [{ dependent: { lastName: 'Dep:endent' } }, 'dependent.lastName'],
      [{ payerId: 'PAYER~01' }, 'payerId'],
      [{ provider: { npi: '123' } }, 'providerNpi'],
      [{ provider: { npi: '1234567893', organizationName: 'O'.repeat(61) } }, 'provider.organizationName'],
      [{ serviceTypeCodes: ['30', 'x y'] }, 'serviceTypeCodes'],
      [{ dateOfService: '2024-13-01' }, 'dateOfService'],
      [{ traceNumber: 'T'.repeat(51) }, 'traceNumber'],
    ];
    for (const [change, field] of cases) expect(fieldRefused(change), field).toBe(field);
  });
});
