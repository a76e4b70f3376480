import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * The scope verdict is cached per (document, scope set): the same query text must still be
 * judged per partner, and a field under @skip must not slip through a cached "allowed".
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({ simulators });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

const QUERY = `query Birthdays($family: String!) { patients(search: { family: $family }) { edges { node { id birthDate } } } }`;

describe('scope verdicts cached per document and scope set', () => {
  it('answers the same document differently for partners with different scopes, in any order', async () => {
    const variables = { family: 'Jast432' };
    const first = await gateway.graphql<{ patients: { edges: unknown[] } }>(QUERY, { variables });
    expect(first.body.data?.patients.edges).toHaveLength(1);
    const rides = await gateway.graphql(QUERY, { variables, partner: 'sandbox-rides' });
    expect(rides.body.errors?.map((error) => error.extensions?.['field'])).toEqual(expect.arrayContaining(['Query.patients', 'Patient.birthDate']));
    expect(rides.body.data ?? null).toBeNull();
    const narrowed = await gateway.graphql(QUERY, { variables, scopes: ['coverage.read'] });
    expect(narrowed.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const again = await gateway.graphql<{ patients: { edges: unknown[] } }>(QUERY, { variables });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data?.patients.edges).toHaveLength(1);
  });

  it('refuses a forbidden field even when @skip would leave it out', async () => {
    const { body } = await gateway.graphql(`query($skip: Boolean!) { patients(search: { family: "Jast432" }) { edges { node { id birthDate @skip(if: $skip) } } } }`, {
      partner: 'sandbox-rides',
      variables: { skip: true },
    });
    expect(body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});
