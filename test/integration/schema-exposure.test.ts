import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * Only partners flagged `introspection: true` may introspect the schema or get "did you mean"
 * hints, in production and in the sandbox alike (sandbox-internal carries the flag;
 * sandbox-payer and sandbox-rides do not). Every error carries `code` and `retryable`.
 */
let simulators: SandboxSimulators;
let production: TestGateway;
let sandbox: TestGateway;

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  [production, sandbox] = await Promise.all([
    // Not re-validated after adjustConfig: a production-mode gateway over the sandbox partners and simulators.
    startTestGateway({ simulators, adjustConfig: (config) => ({ ...config, mode: 'production' }) }),
    startTestGateway({ simulators }),
  ]);
});
afterAll(async () => {
  await production?.close();
  await sandbox?.close();
  await simulators?.close();
});

interface GraphqlError {
  message: string;
  extensions?: { code?: string; retryable?: boolean; details?: { reason?: string } };
}

const introspectionQueries = [
  '{ __schema { queryType { name } } }',
  '{ __type(name: "Patient") { fields { name } } }',
  'query Sneaky { viewer { id } ...Shape } fragment Shape on Query { __schema { types { name } } }',
];

describe('introspection', () => {
  it('is refused (FORBIDDEN) for a partner without the flag, however it is spelled', async () => {
    for (const query of introspectionQueries) {
      const { body } = await production.graphql(query, { partner: 'sandbox-payer' });
      expect(body.data).toBeUndefined();
      expect((body.errors as GraphqlError[])[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'introspection' } });
    }
  });

  it('is allowed for a flagged partner, and that does not open it for others (no cached "valid")', async () => {
    for (const query of introspectionQueries) {
      const allowed = await production.graphql(query, { partner: 'sandbox-internal' });
      expect(allowed.body.errors).toBeUndefined();
      const refused = await production.graphql(query, { partner: 'sandbox-payer' });
      expect((refused.body.errors as GraphqlError[])[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('leaves __typename alone', async () => {
    const { body } = await production.graphql('{ __typename viewer { __typename id } }', { partner: 'sandbox-payer' });
    expect(body).toEqual({ data: { __typename: 'Query', viewer: { __typename: 'Partner', id: 'sandbox-payer' } } });
  });

  it('follows the flag in the sandbox too, so partners meet there what production will answer', async () => {
    for (const partner of ['sandbox-payer', 'sandbox-rides']) {
      const { body } = await sandbox.graphql(introspectionQueries[0]!, { partner });
      expect(body.data).toBeUndefined();
      expect((body.errors as GraphqlError[])[0]?.extensions).toEqual({ code: 'FORBIDDEN', retryable: false, details: { reason: 'introspection' } });
    }
    const { body } = await sandbox.graphql(introspectionQueries[0]!, { partner: 'sandbox-internal' });
    expect(body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});

/** Every error of the answer, and no "did you mean" in any of them. */
const expectNoSuggestions = (body: { errors?: { message: string }[] }) => {
  expect(body.errors?.length).toBeGreaterThan(0);
  for (const error of body.errors ?? []) expect(error.message).not.toMatch(/did you mean/i);
};

const ELIGIBILITY = 'query($input: EligibilityInput!) { eligibility(input: $input) { status } }';
const SCHEDULE_RIDE = 'mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { id } }';
const suggestionBaits: { name: string; query: string; variables?: Record<string, unknown>; code: string; message: RegExp; partners?: string[] }[] = [
  { name: 'a misspelt field', query: '{ viewr { id } }', code: 'GRAPHQL_VALIDATION_FAILED', message: /^Cannot query field "viewr" on type "Query"\.$/ },
  {
    name: 'a misspelt enum literal',
    query: '{ eligibility(input: { payerId: "SANDBOX-PAYER-1", subscriber: { memberId: "M1" } }) { benefits(network: IN_NETWRK) { kind { code } } } }',
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /^Value "IN_NETWRK" does not exist in "NetworkIndicator" enum\.$/,
  },
  { name: 'a misspelt argument', query: '{ patient(idd: "x") { id } }', code: 'GRAPHQL_VALIDATION_FAILED', message: /^Unknown argument "idd" on field "Query\.patient"\.$/ },
  {
    name: 'an unknown input field in variables',
    query: ELIGIBILITY,
    variables: { input: { payerId: 'SANDBOX-PAYER-1', subscriber: { memberID: 'M1' } } },
    code: 'BAD_INPUT',
    message: /Field "memberID" is not defined by type "EligibilityPersonInput"\.$/,
    partners: ['sandbox-payer'],
  },
  {
    name: 'a misspelt ride input field in variables',
    query: SCHEDULE_RIDE,
    variables: { input: { appointmentID: 'x', rideSource: 'sandbox-lyft', idempotencyKey: 'k' } },
    code: 'BAD_INPUT',
    message: /Field "appointmentID" is not defined by type "ScheduleRideInput"\.$/,
    partners: ['sandbox-rides'],
  },
  {
    name: 'a bad enum value in variables',
    query: 'query($network: NetworkIndicator) { eligibility(input: { payerId: "SANDBOX-PAYER-1", subscriber: { memberId: "M1" } }) { benefits(network: $network) { network } } }',
    variables: { network: 'IN_NETWRK' },
    code: 'BAD_INPUT',
    message: /Value "IN_NETWRK" does not exist in "NetworkIndicator" enum\.$/,
    partners: ['sandbox-payer'],
  },
];

describe('suggestions ("did you mean")', () => {
  for (const bait of suggestionBaits) {
    it(`are cut for a partner without the flag, with a code, in production and in the sandbox: ${bait.name}`, async () => {
      for (const target of [production, sandbox]) {
        for (const partner of bait.partners ?? ['sandbox-payer', 'sandbox-rides']) {
          const { body } = await target.graphql(bait.query, { partner, ...(bait.variables ? { variables: bait.variables } : {}) });
          expectNoSuggestions(body);
          const errors = body.errors as GraphqlError[];
          expect(errors.map((error) => error.message)).toContainEqual(expect.stringMatching(bait.message));
          for (const error of errors) expect(error.extensions).toMatchObject({ code: bait.code, retryable: false });
        }
      }
    });
  }

  it('are kept for a flagged partner, also for a document first answered (and cached) for an unflagged one', async () => {
    for (const target of [production, sandbox]) {
      const misspelt = '{ viewr { name } }';
      expectNoSuggestions((await target.graphql(misspelt, { partner: 'sandbox-payer' })).body);
      const flagged = await target.graphql(misspelt, { partner: 'sandbox-internal' });
      expect((flagged.body.errors as GraphqlError[])[0]?.message).toMatch(/Did you mean "viewer"\?/);
      const variables = { input: { payerId: 'SANDBOX-PAYER-1', subscriber: { memberID: 'M1' } } };
      const coercion = await target.graphql(ELIGIBILITY, { partner: 'sandbox-internal', variables });
      expect((coercion.body.errors as GraphqlError[])[0]?.message).toMatch(/Did you mean "memberId"\?/);
      expect((coercion.body.errors as GraphqlError[])[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', retryable: false });
    }
  });

  it('leave execution errors alone, which keep their code and retryable flag', async () => {
    const { body } = await sandbox.graphql('{ patient(id: "not-a-global-id") { id } }', { partner: 'sandbox-internal' });
    expect(body.errors).toHaveLength(1);
    expect((body.errors as GraphqlError[])[0]?.extensions).toEqual({ code: 'BAD_INPUT', retryable: false, details: expect.anything() as unknown });
  });
});
