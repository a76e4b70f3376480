import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * Outside the sandbox, only partners flagged `introspection: true` may introspect the schema
 * or get "did you mean" hints. (sandbox-internal carries the flag; sandbox-payer does not.)
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
  extensions?: { code?: string; details?: { reason?: string } };
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

  it('is open to every partner in the sandbox', async () => {
    const { body } = await sandbox.graphql(introspectionQueries[0]!, { partner: 'sandbox-payer' });
    expect(body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});

describe('field suggestions', () => {
  it('are stripped for a partner that may not explore the schema', async () => {
    const { body } = await production.graphql('{ viewr { id } }', { partner: 'sandbox-payer' });
    const message = (body.errors as GraphqlError[])[0]?.message ?? '';
    expect(message).toMatch(/Cannot query field "viewr"/);
    expect(message).not.toMatch(/Did you mean/);
  });

  it('are kept for a flagged partner', async () => {
    // Another document than above: armor masks the (cached) validation errors in place, so a
    // document first validated for an unflagged partner stays masked for everyone. Harmless.
    const { body } = await production.graphql('{ viewr { name } }', { partner: 'sandbox-internal' });
    expect((body.errors as GraphqlError[])[0]?.message).toMatch(/Did you mean "viewer"/);
  });
});
