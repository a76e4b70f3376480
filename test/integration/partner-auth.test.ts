import { SignJWT, generateKeyPair, exportJWK, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import gatewayKey from '../../config/sandbox/keys/gateway-signing.jwk.json';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/** Access tokens at /graphql: only gateway-signed, unexpired, right-audience tokens get in. */
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

const now = () => Math.floor(Date.now() / 1000);

/** A token signed with the real sandbox gateway key; `iat: null` leaves iat out. */
async function signWith(key: JWK | CryptoKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const signingKey = 'kty' in key ? await importJWK(key, 'ES256') : key;
  const { iat, ...rest } = claims;
  const jwt = new SignJWT({ scope: 'patient.read', ...rest })
    .setProtectedHeader({ alg: 'ES256', kid: gatewayKey.kid, typ: 'at+jwt', ...header })
    .setIssuer((claims['iss'] as string | undefined) ?? gateway.container.config.publicUrl)
    .setAudience((claims['aud'] as string | undefined) ?? 'caregate')
    .setSubject((claims['sub'] as string | undefined) ?? 'sandbox-internal')
    .setExpirationTime((claims['exp'] as number | undefined) ?? now() + 120);
  if (iat !== null) jwt.setIssuedAt((iat as number | undefined) ?? now());
  return jwt.sign(signingKey);
}

async function postWithAuthorization(authorization: string | null, requestId?: string) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === null ? {} : { authorization }), ...(requestId ? { 'x-request-id': requestId } : {}) },
    body: JSON.stringify({ query: '{ viewer { id scopes } }' }),
  });
  return { response, text: await response.text() };
}

async function expectRefused(authorization: string | null, reason?: string) {
  const requestId = `refusal-${crypto.randomUUID()}`;
  const { response, text } = await postWithAuthorization(authorization, requestId);
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  const body = JSON.parse(text) as { errors: { extensions: { code: string } }[] };
  expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  expect(text).not.toMatch(/at .*\.(ts|js):\d+/); // never a stack trace
  if (reason !== undefined) {
    // The partner is told only "invalid or expired"; the log says which check refused it.
    const line = gateway.logs.map((entry) => JSON.parse(entry) as Record<string, unknown>).find((entry) => entry['requestId'] === requestId && entry['msg'] === 'request refused');
    expect(line?.['reason']).toBe(reason);
  }
}

describe('partner access tokens at /graphql', () => {
  it('accepts a gateway-issued token and tells the partner who it is', async () => {
    const { response, text } = await postWithAuthorization(`Bearer ${await signWith(gatewayKey, {})}`);
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ data: { viewer: { id: 'sandbox-internal', scopes: ['patient.read'] } } });
  });

  it('refuses a request without a token, or with a non-bearer scheme', async () => {
    await expectRefused(null);
    await expectRefused('Basic c2FuZGJveDpzZWNyZXQ=');
    await expectRefused('Bearer not-a-jwt');
  });

  it('refuses an expired token', async () => {
    await expectRefused(`Bearer ${await signWith(gatewayKey, { iat: now() - 900, exp: now() - 600 })}`);
  });

  it('refuses a token for another audience or from another issuer', async () => {
    await expectRefused(`Bearer ${await signWith(gatewayKey, { aud: 'some-other-api' })}`);
    await expectRefused(`Bearer ${await signWith(gatewayKey, { iss: 'https://evil.example' })}`);
  });

  it('refuses a token signed by another key under the gateway kid', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    await expectRefused(`Bearer ${await signWith(await exportJWK(privateKey), {})}`);
  });

  it('refuses an unsigned (alg none) token and an HMAC token', async () => {
    const payload = btoa(JSON.stringify({ iss: gateway.container.config.publicUrl, aud: 'caregate', sub: 'sandbox-internal', exp: now() + 60, scope: 'patient.read' })).replace(/=+$/, '');
    await expectRefused(`Bearer ${btoa(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).replace(/=+$/, '')}.${payload}.`);
    const hmac = await new SignJWT({ scope: 'patient.read' })
      .setProtectedHeader({ alg: 'HS256', kid: gatewayKey.kid, typ: 'at+jwt' })
      .setIssuer(gateway.container.config.publicUrl)
      .setAudience('caregate')
      .setSubject('sandbox-internal')
      .setExpirationTime(now() + 60)
      .sign(new TextEncoder().encode(JSON.stringify(gatewayKey)));
    await expectRefused(`Bearer ${hmac}`);
  });

  it('refuses a token for a partner that is not in config', async () => {
    await expectRefused(`Bearer ${await signWith(gatewayKey, { sub: 'someone-else' })}`);
  });

  it('grants no more than the partner holds, even if the token claims more', async () => {
    const token = await signWith(gatewayKey, { sub: 'sandbox-rides', scope: 'ride.read patient.read' });
    const { text } = await postWithAuthorization(`Bearer ${token}`);
    expect(JSON.parse(text)).toEqual({ data: { viewer: { id: 'sandbox-rides', scopes: ['ride.read'] } } });
  });

  it('refuses an oversized token before parsing it', async () => {
    await expectRefused(`Bearer ${'a'.repeat(5000)}.${'b'.repeat(10)}.c`);
  });
});

/**
 * Time rules: every token here is signed with the real sandbox gateway key for the right issuer,
 * audience and partner, so only the time check can refuse it. Tolerance 5 s, lifetime 300 s.
 */
describe('access token times at /graphql', () => {
  it('accepts a token 3 s past exp (inside the 5 s tolerance)', async () => {
    const { response } = await postWithAuthorization(`Bearer ${await signWith(gatewayKey, { iat: now() - 60, exp: now() - 3 })}`);
    expect(response.status).toBe(200);
  });

  it('refuses a token 8 s past exp', async () => {
    await expectRefused(`Bearer ${await signWith(gatewayKey, { iat: now() - 60, exp: now() - 8 })}`, 'expired');
  });

  it('refuses a token whose nbf is 10 s ahead', async () => {
    await expectRefused(`Bearer ${await signWith(gatewayKey, { nbf: now() + 10 })}`, 'not-yet-valid');
  });

  it('refuses a token without iat', async () => {
    await expectRefused(`Bearer ${await signWith(gatewayKey, { iat: null })}`, 'claims');
  });

  it('refuses a token issued 10 s in the future', async () => {
    await expectRefused(`Bearer ${await signWith(gatewayKey, { iat: now() + 10, exp: now() + 100 })}`, 'iat-future');
  });

  it('refuses a token living longer than accessTokenTtlSeconds (a year ahead; 301 s)', async () => {
    expect(gateway.container.config.accessTokenTtlSeconds).toBe(300);
    await expectRefused(`Bearer ${await signWith(gatewayKey, { iat: now(), exp: now() + 365 * 86_400 })}`, 'lifetime');
    await expectRefused(`Bearer ${await signWith(gatewayKey, { iat: now() - 1, exp: now() + 300 })}`, 'lifetime');
    const { response } = await postWithAuthorization(`Bearer ${await signWith(gatewayKey, { iat: now(), exp: now() + 300 })}`);
    expect(response.status).toBe(200);
  });
});
