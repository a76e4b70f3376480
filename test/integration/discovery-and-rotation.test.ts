import { decodeProtectedHeader, exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxGatewaySigningJwk } from '../../config/sandbox/sandbox-keys';
import { createAccessTokenIssuer } from '../../src/auth/access-token-issuer';
import { createGatewayKeyRing } from '../../src/auth/gateway-signing-keys';
import { systemClock } from '../../src/ports/clock';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { createTestPartner, partnerEntry, requestToken, type TestPartner } from '../helpers/partner-client';

/**
 * Discovery documents, and signing-key rotation: a new key signs, the retired sandbox key
 * still verifies the tokens it issued, and both are published at /.well-known/jwks.json.
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;
let partner: TestPartner;
let newKey: JWK;

beforeAll(async () => {
  partner = await createTestPartner('rotation-partner');
  newKey = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'gateway-2030-01' };
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({
    simulators,
    env: { TEST_SIGNING_KEY: JSON.stringify(newKey) },
    adjustConfig: (config) => ({
      ...config,
      signingKeys: [{ privateJwk: { env: 'TEST_SIGNING_KEY' }, retired: false }, { privateJwk: { sandboxKey: 'gateway' }, retired: true }],
      partners: [...config.partners, partnerEntry(partner)],
    }),
  });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

const viewer = async (token: string) => {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ viewer { id } }' }),
  });
  return { status: response.status, body: (await response.json()) as { data?: { viewer: { id: string } } } };
};

describe('discovery', () => {
  it.each(['/.well-known/smart-configuration', '/.well-known/oauth-authorization-server'])('publishes the Backend Services metadata at %s', async (path) => {
    const response = await fetch(`${gateway.url}${path}`);
    expect(response.status).toBe(200);
    const publicUrl = gateway.container.config.publicUrl;
    expect(await response.json()).toMatchObject({
      issuer: publicUrl,
      token_endpoint: `${publicUrl}/oauth/token`,
      jwks_uri: `${publicUrl}/.well-known/jwks.json`,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
      grant_types_supported: ['client_credentials'],
      scopes_supported: expect.arrayContaining(['patient.read', 'ride.write', 'system/Patient.rs', 'system/CoverageEligibilityResponse.read', 'system/*.read']),
      capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2'],
    });
  });

  it('publishes the public halves of the active and the retired signing keys', async () => {
    const response = await fetch(`${gateway.url}/.well-known/jwks.json`);
    const jwks = (await response.json()) as { keys: JWK[] };
    expect(jwks.keys.map((key) => key.kid)).toEqual(['gateway-2030-01', sandboxGatewaySigningJwk.kid]);
    expect(jwks.keys.every((key) => key.d === undefined && key.alg === 'ES256' && key.use === 'sig')).toBe(true);
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
  });
});

describe('signing-key rotation', () => {
  it('signs new tokens with the active key', async () => {
    const answer = await requestToken(gateway.url, await partner.assertion(`${gateway.container.config.publicUrl}/oauth/token`));
    expect(answer.status).toBe(200);
    const token = String(answer.body['access_token']);
    expect(decodeProtectedHeader(token).kid).toBe('gateway-2030-01');
    expect((await viewer(token)).body.data?.viewer.id).toBe('rotation-partner');
  });

  it('still verifies a token the retired key signed before the rotation', async () => {
    const { config } = gateway.container;
    const beforeRotation = await createGatewayKeyRing([{ jwk: sandboxGatewaySigningJwk, retired: false }]);
    const oldIssuer = createAccessTokenIssuer({ keys: beforeRotation, issuer: config.publicUrl, audience: config.audience, ttlSeconds: 120, clock: systemClock });
    const { token } = await oldIssuer.issue({ partnerId: 'sandbox-internal', scopes: ['patient.read'] });
    expect(decodeProtectedHeader(token).kid).toBe(sandboxGatewaySigningJwk.kid);
    expect(await viewer(token)).toEqual({ status: 200, body: { data: { viewer: { id: 'sandbox-internal' } } } });
  });

  it('refuses a token from a key that is no longer in the ring', async () => {
    const gone = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'gateway-2029-01' };
    const ring = await createGatewayKeyRing([{ jwk: gone, retired: false }]);
    const { config } = gateway.container;
    const issuer = createAccessTokenIssuer({ keys: ring, issuer: config.publicUrl, audience: config.audience, ttlSeconds: 120, clock: systemClock });
    expect((await viewer((await issuer.issue({ partnerId: 'sandbox-internal', scopes: ['patient.read'] })).token)).status).toBe(401);
  });
});
