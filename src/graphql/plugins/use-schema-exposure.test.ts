import { createSchema, createYoga } from 'graphql-yoga';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestGate, type TestGate } from '../../../test/helpers/partner-gate';
import type { GraphqlServerContext } from '../server-context';
import { usePartnerAuth } from './use-partner-auth';
import { useRequestId } from './use-request-id';
import { useSchemaExposure } from './use-schema-exposure';

let testGate: TestGate;
const createTestYoga = () =>
  createYoga<GraphqlServerContext>({
    schema: createSchema({ typeDefs: 'type Query { viewer: String }', resolvers: { Query: { viewer: () => 'me' } } }),
    plugins: [useRequestId(), usePartnerAuth(testGate.gate), useSchemaExposure()],
    logging: false,
  });

beforeAll(async () => {
  testGate = await createTestGate();
});

const run = async (yoga: ReturnType<typeof createTestYoga>, partnerId: string, query: string) => {
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await testGate.bearer(partnerId)) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string; details?: { reason?: string } } }[] };
};

// sandbox-internal carries `introspection: true`; sandbox-payer and sandbox-rides do not.
describe('useSchemaExposure', () => {
  it('refuses introspection to an unflagged partner, and a flagged partner does not open it for others', async () => {
    const yoga = createTestYoga();
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Query") { fields { name } } }', 'query Sneaky { viewer ...Shape } fragment Shape on Query { __type(name: "Query") { name } }']) {
      expect((await run(yoga, 'sandbox-internal', query)).errors).toBeUndefined();
      for (const partner of ['sandbox-payer', 'sandbox-rides']) {
        const refused = await run(yoga, partner, query);
        expect(refused.data).toBeUndefined();
        expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'introspection' } });
      }
    }
    expect(await run(yoga, 'sandbox-payer', '{ __typename viewer }')).toEqual({ data: { __typename: 'Query', viewer: 'me' } });
  });
});
