import { importJWK, type CryptoKey } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxPartnerPrivateJwks } from '../../config/sandbox/sandbox-keys';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { freePort } from '../helpers/redis-server';

/**
 * The real openid-client (v6, on oauth4webapi) as a partner would use it, nothing of ours on the
 * client side: RFC 8414 discovery from the issuer, client_credentials with private_key_jwt (it
 * sets the assertion's `aud` to the issuer) and a SMART v2 scope, then /graphql with the token.
 * On a fixed port, so the sandbox's public URL (http://localhost:<port>) is where it listens and
 * discovery's issuer check holds.
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;
let issuer: string;

beforeAll(async () => {
  const port = await freePort();
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({ simulators, port });
  issuer = gateway.container.config.publicUrl;
  expect(issuer).toBe(`http://localhost:${port}`);
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

const sandboxPayerKey = async (): Promise<{ key: CryptoKey; kid: string }> => {
  const jwk = sandboxPartnerPrivateJwks['sandbox-payer'];
  if (!jwk) throw new Error('sandbox-payer key missing from config/sandbox/keys');
  return { key: (await importJWK(jwk, 'ES384')) as CryptoKey, kid: jwk.kid };
};

describe('openid-client against the gateway', () => {
  it('discovers, gets a token with private_key_jwt and a SMART v2 scope, and queries /graphql', async () => {
    const config = await oidc.discovery(new URL(issuer), 'sandbox-payer', {}, oidc.PrivateKeyJwt(await sandboxPayerKey()), {
      algorithm: 'oauth2',
      // Loopback http in the test only; a deployment's issuer is https.
      execute: [oidc.allowInsecureRequests],
    });
    expect(config.serverMetadata()).toMatchObject({ issuer, token_endpoint: `${issuer}/oauth/token` });

    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'system/Coverage.rs system/CoverageEligibilityResponse.rs' });
    expect(tokens.scope).toBe('system/Coverage.rs system/CoverageEligibilityResponse.rs');
    expect(tokens.token_type).toBe('bearer');

    const response = await oidc.fetchProtectedResource(
      config,
      tokens.access_token,
      new URL(`${issuer}/graphql`),
      'POST',
      JSON.stringify({ query: '{ viewer { id scopes } }' }),
      new Headers({ 'content-type': 'application/json' }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { viewer: { id: 'sandbox-payer', scopes: ['coverage.read', 'eligibility.read'] } } });
  });
});
