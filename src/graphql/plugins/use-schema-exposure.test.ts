import { createSchema, createYoga } from 'graphql-yoga';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestGate, type TestGate } from '../../../test/helpers/partner-gate';
import type { GraphqlServerContext } from '../server-context';
import { usePartnerAuth } from './use-partner-auth';
import { useRequestId } from './use-request-id';
import { useSchemaExposure } from './use-schema-exposure';

let testGate: TestGate;
const yogaFor = (sandbox: boolean) =>
  createYoga<GraphqlServerContext>({
    schema: createSchema({ typeDefs: 'type Query { viewer: String }', resolvers: { Query: { viewer: () => 'me' } } }),
    plugins: [useRequestId(), usePartnerAuth(testGate.gate), useSchemaExposure({ sandbox })],
    logging: false,
  });

beforeAll(async () => {
  testGate = await createTestGate();
});

const run = async (yoga: ReturnType<typeof yogaFor>, partnerId: string, query: string) => {
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await testGate.bearer(partnerId)) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string; details?: { reason?: string } } }[] };
};

// sandbox-internal carries `introspection: true`; sandbox-payer does not.
describe('useSchemaExposure', () => {
  it('refuses introspection to an unflagged partner, and a flagged partner does not open it for others', async () => {
    const production = yogaFor(false);
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Query") { fields { name } } }', 'query Sneaky { viewer ...Shape } fragment Shape on Query { __type(name: "Query") { name } }']) {
      expect((await run(production, 'sandbox-internal', query)).errors).toBeUndefined();
      const refused = await run(production, 'sandbox-payer', query);
      expect(refused.data).toBeUndefined();
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'introspection' } });
    }
    expect(await run(production, 'sandbox-payer', '{ __typename viewer }')).toEqual({ data: { __typename: 'Query', viewer: 'me' } });
  });

  it('strips field suggestions for an unflagged partner only', async () => {
    const production = yogaFor(false);
    const stripped = await run(production, 'sandbox-payer', '{ viewr }');
    expect(stripped.errors?.[0]?.message).toMatch(/Cannot query field "viewr"/);
    expect(stripped.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect((await run(production, 'sandbox-internal', '{ viewe }')).errors?.[0]?.message).toMatch(/Did you mean "viewer"/);
  });

  it('opens the schema to every partner in the sandbox', async () => {
    expect(await run(yogaFor(true), 'sandbox-payer', '{ __schema { queryType { name } } }')).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});
