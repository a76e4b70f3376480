import { createSchema, createYoga } from 'graphql-yoga';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestGate, type TestGate } from '../../../test/helpers/partner-gate';
import { GatewayError } from '../../domain/errors';
import { createJsonLogger } from '../../observability/json-logger';
import { createErrorMasker } from '../mask-error';
import type { GraphqlServerContext } from '../server-context';
import { useErrorPolicy } from './use-error-policy';
import { usePartnerAuth } from './use-partner-auth';
import { useRequestId } from './use-request-id';

const typeDefs = `
  enum Network { IN_NETWORK OUT_OF_NETWORK }
  input Person { memberId: String, lastName: String }
  type Query {
    viewer: String
    check(person: Person, network: Network): String
    broken: String!
    refused: String
  }
`;

let testGate: TestGate;
let yoga: ReturnType<typeof createTestYoga>;
const createTestYoga = () =>
  createYoga<GraphqlServerContext>({
    schema: createSchema({
      typeDefs,
      resolvers: {
        Query: {
          viewer: () => 'me',
          check: () => 'ok',
          broken: () => null,
          refused: () => {
            throw new GatewayError('UPSTREAM_TIMEOUT', 'The payer did not answer in time');
          },
        },
      },
    }),
    plugins: [useRequestId(), usePartnerAuth(testGate.gate), useErrorPolicy()],
    maskedErrors: { maskError: createErrorMasker(createJsonLogger({ level: 'error', write: () => undefined })) },
    logging: false,
  });

beforeAll(async () => {
  testGate = await createTestGate();
  yoga = createTestYoga();
});

interface Answer {
  data?: unknown;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; retryable?: boolean } }[];
}

const run = async (partnerId: string, query: string, variables?: Record<string, unknown>) => {
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await testGate.bearer(partnerId)) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Answer;
};

const firstError = (answer: Answer) => {
  expect(answer.errors).toHaveLength(1);
  return answer.errors![0]!;
};

// sandbox-internal carries `introspection: true`; sandbox-payer does not.
describe('useErrorPolicy', () => {
  it('cuts field suggestions for an unflagged partner, per response: the cached validation errors stay whole for a flagged one', async () => {
    const query = '{ viewr }';
    const stripped = firstError(await run('sandbox-payer', query));
    expect(stripped).toMatchObject({ message: 'Cannot query field "viewr" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', retryable: false } });
    expect(firstError(await run('sandbox-internal', query)).message).toMatch(/Did you mean "viewer"\?$/);
    expect(firstError(await run('sandbox-payer', query)).message).not.toMatch(/Did you mean/);
  });

  it('cuts enum literal suggestions from validation errors', async () => {
    const error = firstError(await run('sandbox-payer', '{ check(network: IN_NETWRK) }'));
    expect(error.message).toMatch(/^Value "IN_NETWRK" does not exist in "Network" enum\.$/);
    expect(error.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', retryable: false });
    expect(firstError(await run('sandbox-internal', '{ check(network: IN_NETWRK) }')).message).toMatch(/Did you mean the enum value "IN_NETWORK"\?/);
  });

  it('codes variable coercion errors and cuts their suggestions (unknown input field, bad enum value)', async () => {
    const query = 'query($person: Person, $network: Network) { check(person: $person, network: $network) }';
    const unknownField = firstError(await run('sandbox-payer', query, { person: { memberID: 'M1' } }));
    expect(unknownField.message).toMatch(/Field "memberID" is not defined by type "Person"\.$/);
    expect(unknownField.extensions).toEqual({ code: 'BAD_INPUT', retryable: false });
    const badEnum = firstError(await run('sandbox-payer', query, { network: 'IN_NETWRK' }));
    expect(badEnum.message).toMatch(/Value "IN_NETWRK" does not exist in "Network" enum\.$/);
    expect(badEnum.extensions).toEqual({ code: 'BAD_INPUT', retryable: false });
    expect(firstError(await run('sandbox-internal', query, { person: { memberID: 'M1' } })).message).toMatch(/Did you mean "memberId"\?/);
  });

  it('marks syntax errors not retryable, codes graphql-js field failures INTERNAL, and keeps a GatewayError\'s own code', async () => {
    expect(firstError(await run('sandbox-payer', '{ viewer ')).extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED', retryable: false });
    expect(firstError(await run('sandbox-payer', '{ broken }'))).toMatchObject({ path: ['broken'], extensions: { code: 'INTERNAL', retryable: false } });
    expect(firstError(await run('sandbox-payer', '{ refused }')).extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', retryable: true });
  });

  it('leaves answers without errors alone', async () => {
    expect(await run('sandbox-payer', '{ viewer }')).toEqual({ data: { viewer: 'me' } });
  });
});
