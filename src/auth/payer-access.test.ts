import { describe, expect, it } from 'vitest';
import { GatewayError } from '../domain/errors';
import { assertPayerAllowed, isPayerAllowed } from './payer-access';

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
