import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * Error answers as HTTP clients see them on /graphql (the Node fast path): RFC 6750 challenges,
 * reason phrases on the status line, `extensions.code` on every error, and GraphQL over HTTP
 * status codes under `Accept: application/graphql-response+json`.
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;
let ridesToken: string;

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({ simulators });
  ridesToken = await gateway.token('sandbox-rides');
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const codesOf = async (response: Response) =>
  ((await response.json()) as { errors?: { extensions?: { code?: unknown } }[] }).errors?.map((error) => error.extensions?.code);

describe('401 challenges (RFC 6750)', () => {
  it('no token sent: the bare challenge, no error code, reason phrase Unauthorized', async () => {
    const response = await post({ query: '{ viewer { id } }' });
    expect(response.status).toBe(401);
    expect(response.statusText).toBe('Unauthorized');
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="caregate"');
    expect(await codesOf(response)).toEqual(['UNAUTHENTICATED']);
  });

  it('a refused token: invalid_token', async () => {
    const response = await post({ query: '{ viewer { id } }' }, { authorization: 'Bearer not-a-jwt' });
    expect(response.status).toBe(401);
    expect(response.statusText).toBe('Unauthorized');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="caregate", error="invalid_token", error_description="/);
  });
});

describe('413 reason phrase', () => {
  it('an oversized body answers 413 Content Too Large with a code', async () => {
    const response = await post({ query: '{ viewer { id } }', padding: 'a'.repeat(300_000) }, { authorization: `Bearer ${ridesToken}` });
    expect(response.status).toBe(413);
    expect(response.statusText).toBe('Content Too Large');
    expect(await codesOf(response)).toEqual(['BAD_INPUT']);
  });
});

describe('status codes per GraphQL over HTTP', () => {
  const cases: [string, unknown, number, number, string][] = [
    // [what, body, status under application/json, status under graphql-response+json, code]
    ['a scope refusal (no data)', { query: '{ patient(id: "x") { id } }' }, 200, 403, 'FORBIDDEN'],
    ['introspection refused (no data)', { query: '{ __schema { queryType { name } } }' }, 200, 403, 'FORBIDDEN'],
    ['a missing variable', { query: 'query($id: ID!) { node(id: $id) { id } }' }, 400, 400, 'BAD_INPUT'],
    ['a parse error', { query: '{ viewer { ' }, 200, 400, 'GRAPHQL_PARSE_FAILED'],
    ['a validation error', { query: '{ nope }' }, 200, 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['no query', {}, 200, 400, 'BAD_REQUEST'],
  ];
  it.each(cases)('%s', async (_what, body, legacyStatus, specStatus, code) => {
    const legacy = await post(body, { authorization: `Bearer ${ridesToken}`, accept: 'application/json' });
    expect(legacy.status).toBe(legacyStatus);
    expect(await codesOf(legacy)).toEqual([code]);
    const spec = await post(body, { authorization: `Bearer ${ridesToken}`, accept: 'application/graphql-response+json' });
    expect(spec.status).toBe(specStatus);
    expect(spec.statusText).not.toBe('');
    expect(spec.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const errors = ((await spec.json()) as { errors: { extensions: Record<string, unknown> }[] }).errors;
    expect(errors.map((error) => error.extensions['code'])).toEqual([code]);
    // yoga's `http` hint stays server-side.
    expect(errors.every((error) => !('http' in error.extensions))).toBe(true);
  });
});
