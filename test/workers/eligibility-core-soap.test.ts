import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import sandboxConfig from '../../config/sandbox.json';
import { createWorkerContainer } from '../../src/runtime/worker-container';
import type { WorkerEnv } from '../../src/runtime/worker-env';
import { sandboxAccessToken } from '../shared/sandbox-tokens';

/** The CORE SOAP 1.2 envelope on workerd: written and read (fast-xml-parser) without Node, against the sandbox clearinghouse. */
const quiet = { logger: { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet.logger } };

const withX12Source = (change: Record<string, unknown>) => ({
  ...sandboxConfig,
  sources: sandboxConfig.sources.map((source) => (source.adapter === 'x12-core' ? { ...source, ...change } : source)),
});

const containerFor = async (change: Record<string, unknown>) => {
  const { CAREGATE_CONFIG: _c, CONFIG: _k, ...bindings } = env as unknown as WorkerEnv;
  return createWorkerContainer({ ...bindings, STATE_NAMESPACE: `core-soap-${crypto.randomUUID()}`, CAREGATE_CONFIG: JSON.stringify(withX12Source(change)) }, quiet);
};

const checkEligibility = async (container: Awaited<ReturnType<typeof createWorkerContainer>>) => {
  const token = await sandboxAccessToken(container.config.publicUrl, 'sandbox-internal', ['eligibility.read']);
  const response = await container.app.fetch(
    new Request('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'query($input: EligibilityInput!) { eligibility(input: $input) { status plan { name } } }',
        variables: { input: { payerId: 'SANDBOX-PAYER-1', subscriber: { memberId: 'MACE00001' }, dateOfService: '2030-07-09' } },
      }),
    }),
  );
  return await response.json<{ data?: { eligibility: { status: string; plan: { name: string } | null } | null }; errors?: { extensions?: { code?: string } }[] }>();
};

describe('eligibility over the CORE SOAP envelope on Workers', () => {
  it('answers with the 271 read out of the SOAP response', async () => {
    const answer = await checkEligibility(await containerFor({ envelope: 'soap' }));
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.eligibility).toMatchObject({ status: 'ACTIVE', plan: { name: expect.any(String) } });
  });

  it('maps the SOAP Fault for refused credentials to UPSTREAM_UNAVAILABLE', async () => {
    const answer = await checkEligibility(await containerFor({ envelope: 'soap', username: 'not-the-account' }));
    expect(answer.data?.eligibility ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});
