import { createSchema, createYoga } from 'graphql-yoga';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestGate, type TestGate } from '../../../test/helpers/partner-gate';
import type { GraphqlServerContext } from '../server-context';
import { usePartnerAuth } from './use-partner-auth';
import { useRequestId } from './use-request-id';
import { documentHash, useTrustedDocuments } from './use-trusted-documents';

const TRUSTED = '{ ok }';
let testGate: TestGate;
let yoga: ReturnType<typeof createYoga<GraphqlServerContext>>;
let executed = 0;

beforeAll(async () => {
  const sha256 = await documentHash(TRUSTED);
  testGate = await createTestGate({ extraPartners: (base) => [{ ...base, id: 'trusting', trustedDocuments: { sha256: [sha256] } }] });
  yoga = createYoga<GraphqlServerContext>({
    schema: createSchema({ typeDefs: 'type Query { ok: Boolean, other: Boolean }', resolvers: { Query: { ok: () => true, other: () => { executed++; return true; } } } }),
    plugins: [useRequestId(), usePartnerAuth(testGate.gate), useTrustedDocuments()],
    logging: false,
  });
});

const run = async (partnerId: string, query: string) => {
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await testGate.bearer(partnerId)) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string; details?: { reason?: string; sha256?: string } } }[] };
};

describe('useTrustedDocuments', () => {
  it('hashes like a manifest: lower-case hex SHA-256 of the UTF-8 text', async () => {
    expect(await documentHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('runs only the listed documents for a partner that has a list', async () => {
    expect(await run('trusting', TRUSTED)).toEqual({ data: { ok: true } });
    const refused = await run('trusting', '{ other }');
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'untrusted-document', sha256: await documentHash('{ other }') } });
    expect(executed).toBe(0);
  });

  it('answers 403 under application/graphql-response+json (GraphQL over HTTP), 200 under application/json', async () => {
    const status = async (accept: string) =>
      (
        await yoga.fetch('http://gateway.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept, ...(await testGate.bearer('trusting')) },
          body: JSON.stringify({ query: '{ other }' }),
        })
      ).status;
    expect(await status('application/graphql-response+json')).toBe(403);
    expect(await status('application/json')).toBe(200);
  });

  it('leaves partners without a list alone', async () => {
    expect(await run('sandbox-internal', '{ other }')).toEqual({ data: { other: true } });
  });
});
