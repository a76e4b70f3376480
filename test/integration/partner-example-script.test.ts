import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxPartnerPrivateJwks } from '../../config/sandbox/sandbox-keys';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { playPartner } from '../../scripts/partner-example';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/** scripts/partner-example.ts (the README's walkthrough) against a sandbox gateway, with the committed sandbox keys. */
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

describe('the partner example script', () => {
  it.each(Object.keys(sandboxPartnerPrivateJwks))('gets a token as %s with the sandbox key, queries /graphql, and is refused a replay', async (partnerId) => {
    const privateJwk = sandboxPartnerPrivateJwks[partnerId] as JWK & { kid: string; alg: string };
    const run = await playPartner({ baseUrl: gateway.url, partnerId, privateJwk });
    const partner = gateway.container.config.partners.find((p) => p.id === partnerId)!;
    expect(run.tokenEndpoint).toBe(`${gateway.container.config.publicUrl}/oauth/token`);
    expect(run.token.scope).toBe(partner.scopes.join(' '));
    expect(run.viewer).toMatchObject({ data: { viewer: { id: partnerId, scopes: partner.scopes } } });
    expect(run.replay).toEqual({ status: 401, body: { error: 'invalid_client', error_description: 'jti already used' } });
  });
});
