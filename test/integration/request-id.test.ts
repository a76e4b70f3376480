import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/** Every route answers with x-request-id (the client's when acceptable), on the Node fast path and through Hono. */
let simulators: SandboxSimulators;
let gateway: TestGateway;

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({
    simulators,
    adjustConfig: (config) => ({ ...config, partners: [...config.partners, { ...config.partners[0]!, id: 'one-shot', rateLimit: { perSecond: 0.001, burst: 1 } }] }),
  });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

const graphqlInit = (authorization: string | undefined, body = '{"query":"query Me { viewer { id } }"}'): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
  body,
});

describe('x-request-id on every response', () => {
  it('on every Hono route, success or failure', async () => {
    const routes: [string, RequestInit, number][] = [
      ['/healthz', {}, 200],
      ['/readyz', {}, 200],
      ['/metrics', {}, 200],
      ['/.well-known/smart-configuration', {}, 200],
      ['/.well-known/jwks.json', {}, 200],
      ['/oauth/token', {}, 400],
      ['/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' }, 400],
      ['/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `pad=${'x'.repeat(20_000)}` }, 400],
      ['/webhooks/rides/sandbox-lyft', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(70 * 1024) }, 413],
      ['/no-such-route', {}, 404],
    ];
    for (const [path, init, status] of routes) {
      const generated = await fetch(`${gateway.url}${path}`, init);
      expect(generated.status, path).toBe(status);
      expect(generated.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/);
      const given = await fetch(`${gateway.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-request-id': 'client-trace-0001' } });
      expect(given.headers.get('x-request-id'), path).toBe('client-trace-0001');
    }
  });

  it('on /graphql via the Node fast path: 200, 401, 413, 429', async () => {
    const bearer = `Bearer ${await gateway.token('one-shot')}`;
    const answers = [
      await fetch(`${gateway.url}/graphql`, graphqlInit(bearer)),
      await fetch(`${gateway.url}/graphql`, graphqlInit(undefined)),
      await fetch(`${gateway.url}/graphql`, graphqlInit(`Bearer ${await gateway.token('sandbox-internal')}`, JSON.stringify({ query: `{ viewer { id } } # ${'x'.repeat(300 * 1024)}` }))),
      await fetch(`${gateway.url}/graphql`, graphqlInit(bearer)),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 413, 429]);
    for (const answer of answers) expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('on /graphql through Hono (Workers), with the client id kept end to end', async () => {
    const init = graphqlInit(`Bearer ${await gateway.token('sandbox-internal')}`);
    const response = await gateway.container.app.fetch(new Request('http://gateway.test/graphql', { ...init, headers: { ...(init.headers as Record<string, string>), 'x-request-id': 'hono-graphql-0001' } }));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('hono-graphql-0001');
    const refused = await gateway.container.app.fetch(new Request('http://gateway.test/graphql', graphqlInit(undefined)));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const logged = gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['msg'] === 'graphql' && line['requestId'] === 'hono-graphql-0001');
    expect(logged).toMatchObject({ partnerId: 'sandbox-internal', operationName: 'Me' });
  });

  it('in the log lines of a request', async () => {
    await fetch(`${gateway.url}/graphql`, { ...graphqlInit(`Bearer ${await gateway.token('sandbox-internal')}`), headers: { 'content-type': 'application/json', authorization: `Bearer ${await gateway.token('sandbox-internal')}`, 'x-request-id': 'node-graphql-0001' } });
    await fetch(`${gateway.url}/graphql`, { ...graphqlInit(undefined), headers: { 'content-type': 'application/json', 'x-request-id': 'node-refused-0001' } });
    await fetch(`${gateway.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': 'token-trace-0001' }, body: 'grant_type=password' });
    const lines = gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line['requestId'] === 'node-graphql-0001')).toMatchObject({ msg: 'graphql', partnerId: 'sandbox-internal' });
    expect(lines.find((line) => line['requestId'] === 'node-refused-0001')).toMatchObject({ msg: 'request refused', code: 'UNAUTHENTICATED' });
    expect(lines.find((line) => line['requestId'] === 'token-trace-0001')).toMatchObject({ msg: 'token request refused' });
  });
});
