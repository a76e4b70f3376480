import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../config/schema';
import { sandboxScenarioMembers } from '../../adapters/eligibility/sandbox-members';
import { sandboxSimulator as x12CoreSandbox } from '../../adapters/eligibility/x12-core/sandbox';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * Eligibility through the gateway over both CAQH CORE envelope standards against the sandbox
 * clearinghouse, which refuses anything but envelope credentials (no HTTP Basic).
 */

const ELIGIBILITY = `query Check($input: EligibilityInput!) { eligibility(input: $input) { status payer { id } } }`;

const withX12Source = (change: Record<string, unknown>) => (config: GatewayConfig): GatewayConfig => ({
  ...config,
  sources: config.sources.map((source) => (source.adapter === 'x12-core' ? { ...source, ...change } : source)),
});

let simulators: SandboxSimulators;
const gateways: TestGateway[] = [];
const start = async (change: Record<string, unknown> = {}) => {
  const gateway = await startTestGateway({ simulators, adjustConfig: withX12Source(change) });
  gateways.push(gateway);
  return gateway;
};
const check = (gateway: TestGateway) =>
  gateway.graphql<{ eligibility: { status: string; payer: { id: string } } | null }>(ELIGIBILITY, {
    variables: { input: { payerId: 'SANDBOX-PAYER-1', subscriber: { memberId: sandboxScenarioMembers.activePpo }, dateOfService: '2030-01-15' } },
  });

beforeAll(async () => {
  simulators = await startSandboxSimulators();
});
afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await simulators?.close();
});

describe('eligibility over CAQH CORE envelopes', () => {
  it.each(['mime', 'soap'] as const)('answers over the %s envelope with the credentials inside it', async (envelope) => {
    const gateway = await start(envelope === 'mime' ? {} : { envelope });
    const before = simulators.of(x12CoreSandbox).calls.length;
    const { body } = await check(gateway);
    expect(body.errors).toBeUndefined();
    expect(body.data?.eligibility).toEqual({ status: 'ACTIVE', payer: { id: 'SANDBOX-PAYER-1' } });
    expect(simulators.of(x12CoreSandbox).calls.slice(before)).toEqual([expect.objectContaining({ standard: envelope, status: 200, errorCode: 'Success' })]);
  });

  it.each(['mime', 'soap'] as const)('surfaces refused %s credentials as an upstream error, not coverage', async (envelope) => {
    const gateway = await start({ envelope, username: 'not-the-account' });
    const { body } = await check(gateway);
    expect(body.data?.eligibility ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const refusal = simulators.of(x12CoreSandbox).calls.at(-1);
    expect(refusal).toMatchObject(envelope === 'mime' ? { status: 401, errorCode: 'UnAuthorized' } : { status: 400, fault: 'wsse:FailedAuthentication' });
  });
});
