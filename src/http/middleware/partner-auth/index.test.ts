import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestGate, type TestGate } from '../../../../test/helpers/partner-gate';
import { requestId } from '../request-id';
import { partnerAuth } from '.';

let testGate: TestGate;
let app: Hono;

beforeAll(async () => {
  testGate = await createTestGate({ extraPartners: (base) => [{ ...base, id: 'limited', rateLimit: { perSecond: 0.001, burst: 1 } }] });
  app = new Hono();
  app.use(requestId());
  app.get('/whoami', partnerAuth(testGate.gate), (c) => c.json({ id: c.var.partner.id, scopes: [...c.var.partner.scopes] }));
});

describe('partnerAuth middleware', () => {
  it('sets c.var.partner for a gateway-issued token', async () => {
    const response = await app.request('/whoami', { headers: await testGate.bearer('sandbox-payer') });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'sandbox-payer', scopes: ['coverage.read', 'eligibility.read'] });
  });

  it('answers the gate refusal: 401 + WWW-Authenticate, with the request id of the request-id middleware', async () => {
    const response = await app.request('/whoami', { headers: { authorization: 'Bearer not-a-jwt', 'x-request-id': 'hono-trace-0001' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(response.headers.get('x-request-id')).toBe('hono-trace-0001');
    expect(testGate.logs.some((line) => line['msg'] === 'request refused' && line['requestId'] === 'hono-trace-0001')).toBe(true);
  });

  it('answers 429 with Retry-After past the rate limit', async () => {
    const headers = await testGate.bearer('limited');
    expect((await app.request('/whoami', { headers })).status).toBe(200);
    const refused = await app.request('/whoami', { headers });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('is refused at creation without a gate', () => {
    expect(() => partnerAuth(undefined as never)).toThrow(/needs a PartnerGate/);
  });
});
