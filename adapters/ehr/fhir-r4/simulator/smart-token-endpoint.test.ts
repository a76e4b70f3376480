import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { startFhirSimulator, type StartedFhirSimulator } from './index';

// The simulator's SMART Backend Services token endpoint enforces what SMART requires of clients.
const CLIENT_ID = 'sim-client';
let sim: StartedFhirSimulator;
let privateKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('ES384', { extractable: true });
  privateKey = pair.privateKey;
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES384' };
  sim = await startFhirSimulator({ resources: [], smart: { clientId: CLIENT_ID, jwks: { keys: [publicJwk] }, tokenTtlSeconds: 120 } });
});
afterAll(async () => {
  await sim.close();
});

interface AssertionOverrides {
  aud?: string;
  iss?: string;
  expInSeconds?: number;
  /** The signer's clock runs this far ahead of the endpoint's: iat and exp move with it. */
  clockAheadSeconds?: number;
  jti?: string;
  kid?: string | null;
}

const assertion = async (overrides: AssertionOverrides = {}) => {
  const now = Math.floor(Date.now() / 1000) + (overrides.clockAheadSeconds ?? 0);
  const header = overrides.kid === null ? { alg: 'ES384' } : { alg: 'ES384', kid: overrides.kid ?? 'k1' };
  return new SignJWT({})
    .setProtectedHeader(header)
    .setIssuer(overrides.iss ?? CLIENT_ID)
    .setSubject(CLIENT_ID)
    .setAudience(overrides.aud ?? sim.tokenUrl)
    .setJti(overrides.jti ?? crypto.randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + (overrides.expInSeconds ?? 240))
    .sign(privateKey);
};

const requestToken = async (clientAssertion: string, extra: Record<string, string> = {}) => {
  const response = await fetch(sim.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'system/*.read',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion,
      ...extra,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('SMART token endpoint', () => {
  it('issues a bearer token the FHIR endpoint accepts', async () => {
    const { status, body } = await requestToken(await assertion());
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 120, scope: 'system/*.read' });
    const fhir = await fetch(`${sim.url}/Patient?_count=1`, { headers: { authorization: `Bearer ${String(body.access_token)}` } });
    expect(fhir.status).toBe(200);
    expect((await fetch(`${sim.url}/Patient?_count=1`)).status).toBe(401);
  });

  it('refuses a replayed assertion (same jti)', async () => {
    const jwt = await assertion({ jti: 'once-only' });
    expect((await requestToken(jwt)).status).toBe(200);
    expect(await requestToken(jwt)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it.each([
    ['wrong audience', { aud: 'https://elsewhere.example/token' }],
    ['wrong issuer', { iss: 'someone-else' }],
    ['exp more than 5 minutes ahead', { expInSeconds: 3600 }],
    ['expired', { expInSeconds: -60 }],
    ['no kid', { kid: null }],
    ['unknown kid', { kid: 'k2' }],
  ] as const)('refuses an assertion with %s', async (_label, overrides) => {
    expect(await requestToken(await assertion(overrides))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('measures exp against its own clock, as Epic does: a client 30 s ahead fails with exp = iat + 300, passes with iat + 240', async () => {
    // exp = iat + 300 was the gateway's old assertion; 240 is what it signs now (auth/smart-backend-auth.ts).
    expect(await requestToken(await assertion({ clockAheadSeconds: 30, expInSeconds: 300 }))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect((await requestToken(await assertion({ clockAheadSeconds: 30, expInSeconds: 240 }))).status).toBe(200);
    expect((await requestToken(await assertion({ expInSeconds: 300 }))).status).toBe(200);
  });

  it('refuses an HMAC-signed assertion', async () => {
    const now = Math.floor(Date.now() / 1000);
    const hmac = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(CLIENT_ID)
      .setSubject(CLIENT_ID)
      .setAudience(sim.tokenUrl)
      .setJti(crypto.randomUUID())
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'));
    expect((await requestToken(hmac)).status).toBe(401);
  });

  it('refuses other grant types and missing parameters', async () => {
    expect(await requestToken(await assertion(), { grant_type: 'password' })).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    expect(await requestToken(await assertion(), { scope: '' })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await requestToken(await assertion(), { client_assertion_type: 'basic' })).toMatchObject({ status: 400 });
  });
});
