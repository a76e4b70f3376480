import { describe, expect, it } from 'vitest';
import { GatewayError } from '../domain/errors';
import { assertPayerAllowed, isCoverageVisible, isPayerAllowed } from './payer-access';

describe('payer ids (eligibility only for the partner\'s own payers)', () => {
  const partner = { config: { payerIds: ['60054', '87726'] } };

  it('allows a listed payer and refuses any other with FORBIDDEN, not echoing the id', () => {
    expect(isPayerAllowed(partner, '60054')).toBe(true);
    expect(() => assertPayerAllowed(partner, '87726')).not.toThrow();
    for (const payerId of ['99999', '', '6005']) {
      const error = (() => {
        try {
          assertPayerAllowed(partner, payerId);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).code).toBe('FORBIDDEN');
      if (payerId) expect((error as GatewayError).message).not.toContain(payerId);
    }
    expect(isPayerAllowed({ payerIds: [] }, '60054')).toBe(false);
  });
});

describe('coverage visibility by payer id', () => {
  const plan = { payerIds: ['SANDBOX-PAYER-1'] };

  it('shows a coverage only when its payer is one of the partner\'s', () => {
    expect(isCoverageVisible(plan, { payerId: 'SANDBOX-PAYER-1' })).toBe(true);
    expect(isCoverageVisible(plan, { payerId: 'SANDBOX-PAYER-2' })).toBe(false);
    expect(isCoverageVisible(plan, { payerId: null })).toBe(false);
  });

  it('shows none with an empty list (the default)', () => {
    expect(isCoverageVisible({ payerIds: [] }, { payerId: 'SANDBOX-PAYER-1' })).toBe(false);
    expect(isCoverageVisible({ payerIds: [] }, { payerId: null })).toBe(false);
  });

  it('shows every payer, and coverages the EHR names by display only, with "*"', () => {
    const provider = { config: { payerIds: ['*'] } };
    expect(isCoverageVisible(provider, { payerId: 'ANY-PAYER' })).toBe(true);
    expect(isCoverageVisible(provider, { payerId: null })).toBe(true);
    expect(isPayerAllowed(provider, '60054')).toBe(true);
  });

  it('never treats a payer id "*" from the EHR or the partner as a wildcard', () => {
    expect(isCoverageVisible(plan, { payerId: '*' })).toBe(false);
    expect(isPayerAllowed(plan, '*')).toBe(false);
    expect(() => assertPayerAllowed(plan, '*')).toThrow(GatewayError);
  });
});
