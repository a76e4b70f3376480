import { describe, expect, it } from 'vitest';
import { createTestGate } from '../../test/helpers/partner-gate';
import { createPartnerGate } from './partner-gate';

const request = (headers: Record<string, string> = {}) => new Request('http://gateway.test/graphql', { method: 'POST', headers });

const errorBody = async (response: Response) => (await response.json()) as { errors: { message: string; extensions: { code: string; retryable: boolean } }[] };

describe('PartnerGate', () => {
  it('admits a gateway-issued token, granting no more than the partner holds now', async () => {
    const { gate, token } = await createTestGate();
    const { partner, refusal } = await gate.admit(request({ authorization: `Bearer ${await token('sandbox-rides', ['ride.read', 'patient.read'])}` }), 'request-0001');
    expect(refusal).toBeUndefined();
    expect(partner?.id).toBe('sandbox-rides');
    expect([...(partner?.scopes ?? [])]).toEqual(['ride.read']);
  });

  it('refuses a missing or malformed token with 401, WWW-Authenticate, the request id and the GraphQL error shape', async () => {
    const { gate, logs } = await createTestGate();
    // RFC 6750 3.1: no bearer credentials (none, or another scheme) = the bare challenge; a refused token = invalid_token.
    for (const [authorization, challenge] of [
      [undefined, /^Bearer realm="caregate"$/],
      ['Basic c2FuZGJveDpzZWNyZXQ=', /^Bearer realm="caregate"$/],
      ['Bearer not-a-jwt', /^Bearer realm="caregate", error="invalid_token"/],
      ['Bearer two words', /^Bearer realm="caregate", error="invalid_token", error_description="Malformed bearer token"$/],
    ] as const) {
      const { refusal } = await gate.admit(request(authorization ? { authorization } : {}), 'request-0002');
      expect(refusal?.status).toBe(401);
      expect(refusal?.statusText).toBe('Unauthorized');
      expect(refusal?.headers.get('www-authenticate')).toMatch(challenge);
      expect(refusal?.headers.get('x-request-id')).toBe('request-0002');
      expect(refusal?.headers.get('content-type')).toMatch(/application\/json/);
      expect((await errorBody(refusal!)).errors[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', retryable: false });
    }
    expect(logs.filter((line) => line['msg'] === 'request refused')).toHaveLength(4);
    expect(logs.every((line) => line['requestId'] === 'request-0002')).toBe(true);
  });

  it('refuses a suspended partner or one no longer in config', async () => {
    const { gate, token } = await createTestGate({ extraPartners: (base) => [{ ...base, id: 'dormant', status: 'suspended' }] });
    for (const partnerId of ['dormant', 'someone-else']) {
      const { refusal } = await gate.admit(request({ authorization: `Bearer ${await token(partnerId, ['patient.read'])}` }), 'request-0003');
      expect(refusal?.status).toBe(401);
    }
  });

  it('answers 429 RATE_LIMITED with Retry-After once the burst is spent, per partner', async () => {
    const { gate, token, rateLimited } = await createTestGate({ extraPartners: (base) => [{ ...base, id: 'limited', rateLimit: { perSecond: 0.2, burst: 2 } }] });
    const limited = request({ authorization: `Bearer ${await token('limited')}` });
    expect((await gate.admit(limited, 'request-0004')).partner?.id).toBe('limited');
    expect((await gate.admit(limited, 'request-0004')).partner?.id).toBe('limited');
    const { refusal } = await gate.admit(limited, 'request-0005');
    expect(refusal?.status).toBe(429);
    expect(Number(refusal?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refusal?.headers.get('x-request-id')).toBe('request-0005');
    expect((await errorBody(refusal!)).errors[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryable: true });
    expect(rateLimited).toEqual(['limited']);
    // Another partner has its own bucket.
    expect((await gate.admit(request({ authorization: `Bearer ${await token('sandbox-payer')}` }), 'request-0006')).partner?.id).toBe('sandbox-payer');
  });

  it('is refused at creation without its dependencies', () => {
    expect(() => createPartnerGate({} as never)).toThrow(/needs a verifier/);
  });
});
