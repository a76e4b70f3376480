import { createSchema, createYoga } from 'graphql-yoga';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestGate, type TestGate } from '../../../test/helpers/partner-gate';
import type { GraphqlServerContext } from '../server-context';
import { usePartnerAuth } from './use-partner-auth';
import { useRequestId } from './use-request-id';

let testGate: TestGate;
let yoga: ReturnType<typeof createYoga<GraphqlServerContext>>;
let parsed = 0;

beforeAll(async () => {
  testGate = await createTestGate({ extraPartners: (base) => [{ ...base, id: 'limited', rateLimit: { perSecond: 0.2, burst: 1 } }] });
  yoga = createYoga<GraphqlServerContext>({
    schema: createSchema<GraphqlServerContext>({
      typeDefs: 'type Query { partner: String, scopes: [String!] }',
      resolvers: { Query: { partner: (_root, _args, context) => context.partner?.id, scopes: (_root, _args, context) => [...(context.partner?.scopes ?? [])] } },
    }),
    plugins: [useRequestId(), usePartnerAuth(testGate.gate), { onRequestParse: () => void parsed++ }],
    logging: false,
  });
});

const post = (headers: Record<string, string>, body = '{"query":"{ partner scopes }"}') =>
  yoga.fetch('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('usePartnerAuth', () => {
  it('puts the admitted partner in the server context for resolvers', async () => {
    const response = await post(await testGate.bearer('sandbox-payer'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { partner: 'sandbox-payer', scopes: ['coverage.read', 'eligibility.read'] } });
  });

  it('refuses with 401 + WWW-Authenticate and the request id before any parsing', async () => {
    const before = parsed;
    const response = await post({ 'x-request-id': 'anonymous-0001' }, 'not even json');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(response.headers.get('x-request-id')).toBe('anonymous-0001');
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(parsed).toBe(before);
  });

  it('answers 429 once the partner is over its rate limit', async () => {
    const headers = await testGate.bearer('limited');
    expect((await post(headers)).status).toBe(200);
    const refused = await post(headers);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('x-request-id')).toBeTruthy();
  });

  it("lets yoga's CORS preflight through unauthenticated (why this is a yoga plugin, not Hono middleware in front)", async () => {
    const preflight = await yoga.fetch('http://gateway.test/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://partner.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
  });

  it('is refused at creation without a gate', () => {
    expect(() => usePartnerAuth(undefined as never)).toThrow(/needs a PartnerGate/);
  });
});
