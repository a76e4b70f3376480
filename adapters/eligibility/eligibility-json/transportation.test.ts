import { describe, expect, it } from 'vitest';
import { deriveTransportation } from '../../../src/domain/transportation-benefit';
import { fromWireResponse } from './from-wire';
import { wireEligibilityResponse } from './wire';

/**
 * The transportation benefit from a clearinghouse JSON answer (Medical Network Eligibility v3
 * field names: `code` EB01, `timeQualifierCode` EB06, `quantityQualifierCode` / `benefitQuantity`
 * EB09/EB10, `authOrCertIndicator` EB11, `benefitAmount` EB07): the same derivation as the 271.
 */

const active = { code: '1', name: 'Active Coverage', coverageLevelCode: 'IND', serviceTypeCodes: ['30'], planCoverage: 'MEDICAID CARE' };
const transportationOf = (...benefits: Record<string, unknown>[]) => {
  const wire = wireEligibilityResponse.parse({ controlNumber: '000000056', tradingPartnerServiceId: 'P2', benefitsInformation: [active, ...benefits], errors: [] });
  const response = fromWireResponse(wire, { requestedServiceTypes: ['30', '56'], traceNumber: '000000056' });
  expect(response.warnings).toEqual([]);
  return deriveTransportation(response.benefits);
};
const nemt = (fields: Record<string, unknown>) => ({ coverageLevelCode: 'IND', serviceTypeCodes: ['56'], serviceTypes: ['Medically Related Transportation'], ...fields });

describe('transportation from the JSON API', () => {
  it('covered, with the yearly allowance, what is left of it, and the copay per trip', () => {
    const transportation = transportationOf(
      nemt({ code: '1', authOrCertIndicator: 'N', inPlanNetworkIndicatorCode: 'Y' }),
      nemt({ code: 'F', timeQualifierCode: '23', timeQualifier: 'Calendar Year', quantityQualifierCode: 'VS', quantityQualifier: 'Visits', benefitQuantity: '12', inPlanNetworkIndicatorCode: 'Y' }),
      nemt({ code: 'F', timeQualifierCode: '29', timeQualifier: 'Remaining', quantityQualifierCode: 'VS', quantityQualifier: 'Visits', benefitQuantity: '10', inPlanNetworkIndicatorCode: 'Y' }),
      nemt({ code: 'B', timeQualifierCode: '27', benefitAmount: '2', inPlanNetworkIndicatorCode: 'Y', additionalInformation: [{ description: 'PER ONE-WAY TRIP' }] }),
    );
    expect(transportation).toEqual({
      status: 'COVERED',
      tripsAllowed: { count: 12, unit: { code: 'VS', name: 'Visits' }, period: { code: '23', name: 'Calendar Year' } },
      tripsRemaining: { count: 10, unit: { code: 'VS', name: 'Visits' }, period: { code: '23', name: 'Calendar Year' } },
      authorizationRequired: false,
      copay: { amountMinor: 200, currency: 'USD' },
      messages: ['PER ONE-WAY TRIP'],
      benefitCodes: ['1', 'F', 'B'],
      serviceTypeCodes: ['56'],
    });
  });

  it('not covered: code I on 56', () => {
    expect(transportationOf(nemt({ code: 'I', name: 'Non-Covered' })).status).toBe('NOT_COVERED');
  });

  it('covered with authorization required', () => {
    expect(transportationOf(nemt({ code: '1', authOrCertIndicator: 'Y', inPlanNetworkIndicatorCode: 'Y' }))).toMatchObject({ status: 'COVERED', authorizationRequired: true });
  });

  it('UNKNOWN when nothing is said about 56-59', () => {
    const transportation = transportationOf({ code: 'B', serviceTypeCodes: ['98'], benefitAmount: '25', inPlanNetworkIndicatorCode: 'Y' });
    expect(transportation).toMatchObject({ status: 'UNKNOWN', copay: null, benefitCodes: [], serviceTypeCodes: [] });
  });
});
