import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { createTestPartner, partnerEntry, requestToken, type TestPartner } from '../helpers/partner-client';

/**
 * CORS from the config, `no-store` and compression, over HTTP against the real gateway. node:http rather
 * than fetch: fetch always sends Accept-Encoding and decompresses, which would hide what goes on the wire.
 */
let simulators: SandboxSimulators;
let sandboxDefault: TestGateway;
let configured: TestGateway;
let partner: TestPartner;

const PARTNER_APP = 'https://app.partner.example';

beforeAll(async () => {
  partner = await createTestPartner('hygiene-app');
  simulators = await startSandboxSimulators();
  sandboxDefault = await startTestGateway({ simulators, adjustConfig: (config) => ({ ...config, partners: [...config.partners, partnerEntry(partner)] }) });
  configured = await startTestGateway({ simulators, adjustConfig: (config) => ({ ...config, cors: { origins: [PARTNER_APP], maxAgeSeconds: 900 } }) });
});
afterAll(async () => {
  await configured?.close();
  await sandboxDefault?.close();
  await simulators?.close();
});

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const send = (baseUrl: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> =>
  new Promise((resolve, reject) => {
    const call = httpRequest(`${baseUrl}${path}`, { method: init.method ?? 'GET', headers: init.headers ?? {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    call.on('error', reject);
    call.end(init.body);
  });

const preflight = (baseUrl: string, path: string, origin: string, method = 'POST') =>
  send(baseUrl, path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type' } });

const PREFLIGHT_PATHS: [string, string][] = [
  ['/graphql', 'POST'],
  ['/oauth/token', 'POST'],
  ['/.well-known/smart-configuration', 'GET'],
  ['/.well-known/jwks.json', 'GET'],
];

describe('CORS by configuration', () => {
  it('grants an unlisted origin nothing, on /graphql (Node fast path), the token endpoint and /.well-known/*', async () => {
    for (const [path, method] of PREFLIGHT_PATHS) {
      const answer = await preflight(configured.url, path, 'https://evil.example', method);
      expect(answer.headers['access-control-allow-origin'], path).toBeUndefined();
      expect(answer.headers['access-control-allow-credentials'], path).toBeUndefined();
      // Loopback is the sandbox default only: a configured list replaces it.
      expect((await preflight(configured.url, path, 'http://localhost:3000', method)).headers['access-control-allow-origin'], path).toBeUndefined();
    }
    const simple = await send(configured.url, '/graphql', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('grants a listed origin exactly itself with Max-Age, never credentials', async () => {
    for (const [path, method] of PREFLIGHT_PATHS) {
      const answer = await preflight(configured.url, path, PARTNER_APP, method);
      expect(answer.status, path).toBe(204);
      expect(answer.headers['access-control-allow-origin'], path).toBe(PARTNER_APP);
      expect(answer.headers['access-control-max-age'], path).toBe('900');
      expect(answer.headers['access-control-allow-methods'], path).toContain(method);
      expect(answer.headers['access-control-allow-credentials'], path).toBeUndefined();
    }
    const token = await configured.token('sandbox-internal');
    const actual = await send(configured.url, '/graphql', {
      method: 'POST',
      headers: { origin: PARTNER_APP, 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"query":"{ viewer { id } }"}',
    });
    expect(actual.status).toBe(200);
    expect(actual.headers['access-control-allow-origin']).toBe(PARTNER_APP);
    expect(actual.headers['access-control-expose-headers']).toContain('x-request-id');
  });

  it('allows loopback origins by default in the sandbox, and nothing else', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://localhost']) {
      expect((await preflight(sandboxDefault.url, '/graphql', origin)).headers['access-control-allow-origin'], origin).toBe(origin);
      expect((await preflight(sandboxDefault.url, '/oauth/token', origin)).headers['access-control-allow-origin'], origin).toBe(origin);
    }
    for (const origin of ['http://localhost.evil.example:3000', 'https://localhost:3000', 'http://127.0.0.1.evil.example']) {
      expect((await preflight(sandboxDefault.url, '/graphql', origin)).headers['access-control-allow-origin'], origin).toBeUndefined();
    }
  });

  it('applies on /graphql through Hono (the Workers path) too', async () => {
    const ask = (origin: string) =>
      configured.container.app.fetch(new Request('http://gateway.test/graphql', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } }));
    expect((await ask('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const granted = await ask(PARTNER_APP);
    expect(granted.headers.get('access-control-allow-origin')).toBe(PARTNER_APP);
    expect(granted.headers.get('access-control-max-age')).toBe('900');
  });
});

const LARGE_QUERY = `{ patients(search:{family:"Jast432"}) { edges { node { id name { family given } birthDate appointments { id start end status practitioners { id name { family given } } } } } } }`;

const graphqlPost = async (gateway: TestGateway, query: string, headers: Record<string, string> = {}, token?: string) =>
  send(gateway.url, '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? (await gateway.token('sandbox-internal'))}`, ...headers },
    body: JSON.stringify({ query }),
  });

describe('Cache-Control: no-store on answers that may hold PHI', () => {
  it('on /graphql answers: data, GraphQL errors, refusals, GET queries', async () => {
    const token = await sandboxDefault.token('sandbox-internal');
    const answers = [
      await graphqlPost(sandboxDefault, '{ viewer { id } }', {}, token),
      await graphqlPost(sandboxDefault, '{ noSuchField }', {}, token),
      await send(sandboxDefault.url, '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ viewer { id } }"}' }),
      await send(sandboxDefault.url, `/graphql?query=${encodeURIComponent('{ viewer { id } }')}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }),
    ];
    // A validation error is HTTP 200 under application/json (GraphQL over HTTP), and still may echo input.
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 401, 200]);
    expect(answers[1]!.body.toString('utf8')).toContain('errors');
    for (const answer of answers) expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('on /graphql through Hono (the Workers path)', async () => {
    const response = await sandboxDefault.container.app.fetch(
      new Request('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ viewer { id } }"}' }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('on token endpoint answers, success and error (RFC 6749 §5.1, §5.2)', async () => {
    const granted = await requestToken(sandboxDefault.url, await partner.assertion(`${sandboxDefault.container.config.publicUrl}/oauth/token`));
    expect(granted.status).toBe(200);
    expect(granted.headers.get('cache-control')).toBe('no-store');
    const refused = await send(sandboxDefault.url, '/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password' });
    expect(refused.status).toBe(400);
    expect(refused.headers['cache-control']).toBe('no-store');
  });
});

describe('compression when asked', () => {
  it('gzips a large /graphql answer (Node fast path) with accept-encoding: gzip, and not without', async () => {
    const token = await sandboxDefault.token('sandbox-internal');
    const plain = await graphqlPost(sandboxDefault, LARGE_QUERY, {}, token);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);

    const zipped = await graphqlPost(sandboxDefault, LARGE_QUERY, { 'accept-encoding': 'gzip' }, token);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['vary']).toMatch(/accept-encoding/i);
    expect(zipped.headers['cache-control']).toBe('no-store');
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')));
  });

  it('leaves a small /graphql answer as it is (the cached read stays cheap)', async () => {
    const small = await graphqlPost(sandboxDefault, '{ viewer { id } }', { 'accept-encoding': 'gzip, deflate, br' });
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('gzips /metrics when asked, and not without', async () => {
    const plain = await send(sandboxDefault.url, '/metrics');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await send(sandboxDefault.url, '/metrics', { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).toString('utf8')).toContain('# TYPE');
  });
});

describe('keep-alive', () => {
  it('keeps idle connections 65 s by default, longer than a load balancer’s 60 s', async () => {
    const answer = await send(sandboxDefault.url, '/healthz', { headers: { connection: 'keep-alive' } });
    expect(answer.headers['keep-alive']).toBe('timeout=65');
  });
});
