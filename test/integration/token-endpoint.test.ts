import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { createTestPartner, partnerEntry, requestToken, type TestPartner } from '../helpers/partner-client';

/**
 * SMART Backend Services at POST /oauth/token, played by partners with their own key pairs
 * registered in a test config. Every refusal names the check that failed, so each test below
 * fails if its check is removed (the request would then pass, or fail a different check).
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;
let acme: TestPartner;
let acmeRsa: TestPartner;
let dormant: TestPartner;
let stranger: TestPartner;
let tokenUrl: string;

beforeAll(async () => {
  [acme, acmeRsa, dormant, stranger] = await Promise.all([
    createTestPartner('acme-rides'),
    createTestPartner('acme-rsa', { alg: 'RS384' }),
    createTestPartner('acme-dormant'),
    createTestPartner('not-registered'),
  ]);
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({
    simulators,
    adjustConfig: (config) => ({
      ...config,
      partners: [
        ...config.partners,
        partnerEntry(acme),
        partnerEntry(acmeRsa, { scopes: ['patient.read', 'appointment.read'] }),
        partnerEntry(dormant, { status: 'suspended' }),
        { ...partnerEntry(stranger), id: 'acme-keyless', keys: undefined },
      ],
    }),
  });
  tokenUrl = `${gateway.container.config.publicUrl}/oauth/token`;
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function expectRefused(assertion: string, description: string, fields: Record<string, string | undefined> = {}) {
  const answer = await requestToken(gateway.url, assertion, fields);
  expect(answer.body).toEqual({ error: 'invalid_client', error_description: description });
  expect(answer.status).toBe(401);
  expect(answer.headers.get('cache-control')).toBe('no-store');
  return answer;
}

describe('a partner with its own ES384 key (the script a partner would run)', () => {
  it('gets a token from /oauth/token, queries /graphql with it, and cannot replay the assertion', async () => {
    const assertion = await acme.assertion(tokenUrl);
    const granted = await requestToken(gateway.url, assertion, { scope: 'system/ride.read appointment.read' });
    expect(granted.status).toBe(200);
    expect(granted.headers.get('cache-control')).toBe('no-store');
    expect(granted.headers.get('pragma')).toBe('no-cache');
    // Said back as asked: the `system/` prefix stays on the word that had it.
    expect(granted.body).toMatchObject({ token_type: 'bearer', scope: 'system/ride.read appointment.read' });
    expect(granted.body['expires_in']).toBeLessThanOrEqual(300);
    expect(granted.body['expires_in']).toBeGreaterThan(0);

    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${String(granted.body['access_token'])}` },
      body: JSON.stringify({ query: '{ viewer { id scopes sources { id kind } } }' }),
    });
    expect(await response.json()).toEqual({
      data: { viewer: { id: 'acme-rides', scopes: ['ride.read', 'appointment.read'], sources: [{ id: 'sandbox-ehr', kind: 'ehr' }] } },
    });

    await expectRefused(assertion, 'jti already used', { scope: 'ride.read' });
  });

  it('also accepts RS384 assertions', async () => {
    const granted = await requestToken(gateway.url, await acmeRsa.assertion(tokenUrl));
    expect(granted.status).toBe(200);
    expect(granted.body['scope']).toBe('patient.read appointment.read');
  });

  it('gets asked AND granted scopes; nothing asked = all granted; nothing usable asked = invalid_scope', async () => {
    const ask = async (scope: string | undefined) => requestToken(gateway.url, await acme.assertion(tokenUrl), { scope });
    expect((await ask('ride.read patient.read')).body['scope']).toBe('ride.read');
    expect((await ask(undefined)).body['scope']).toBe('appointment.read ride.read');
    expect((await ask('ride.read frobnicate')).body['scope']).toBe('ride.read');
    for (const scope of ['frobnicate launch', 'patient.read coverage.read']) {
      const answer = await ask(scope);
      expect(answer.status).toBe(400);
      expect(answer.body['error']).toBe('invalid_scope');
    }
  });
});

describe('SMART scope strings (v2 system/<Resource>.<cruds>, v1 .read/.write, system/*.read)', () => {
  const ask = async (scope: string) => requestToken(gateway.url, await acmeRsa.assertion(tokenUrl), { scope });
  const viewerScopes = async (accessToken: unknown) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${String(accessToken)}` },
      body: JSON.stringify({ query: '{ viewer { scopes } }' }),
    });
    return ((await response.json()) as { data: { viewer: { scopes: string[] } } }).data.viewer.scopes;
  };

  it('grants a v2 scope as the gateway scope of the table, said back in v2 form', async () => {
    const granted = await ask('system/Patient.rs');
    expect(granted.status).toBe(200);
    expect(granted.body['scope']).toBe('system/Patient.rs');
    expect(await viewerScopes(granted.body['access_token'])).toEqual(['patient.read']);
    expect((await ask('system/Patient.r')).body['scope']).toBe('system/Patient.r');
  });

  it('grants only the letters the partner may have (no writes through the gateway)', async () => {
    const granted = await ask('system/Patient.cruds system/Appointment.rs');
    expect(granted.body['scope']).toBe('system/Patient.rs system/Appointment.rs');
    expect(await viewerScopes(granted.body['access_token'])).toEqual(['patient.read', 'appointment.read']);
  });

  it('grants v1 forms; a wildcard is said back as the resources it granted', async () => {
    expect((await ask('system/Appointment.read system/Patient.write')).body['scope']).toBe('system/Appointment.read');
    const wildcard = await ask('system/*.read');
    expect(wildcard.body['scope']).toBe('system/Patient.read system/Appointment.read');
    expect(await viewerScopes(wildcard.body['access_token'])).toEqual(['patient.read', 'appointment.read']);
    expect((await ask('system/Patient.*')).body['scope']).toBe('system/Patient.read');
  });

  it('grants nothing the partner does not hold, and refuses forms it does not serve', async () => {
    const notHeld = await ask('system/Coverage.rs');
    expect(notHeld.status).toBe(400);
    expect(notHeld.body).toMatchObject({ error: 'invalid_scope', error_description: 'none of the asked scopes is granted to this client' });
    for (const scope of ['system/Observation.rs', 'system/Patient.sr', 'system/Patient.x', 'patient/Patient.rs', 'user/*.read system/Patient.rs']) {
      const answer = await ask(scope);
      expect(answer.status, scope).toBe(400);
      expect(answer.body['error'], scope).toBe('invalid_scope');
      expect(String(answer.body['error_description']), scope).toMatch(/^unsupported scope form/);
    }
  });
});

describe('refused assertions (each is one check)', () => {
  it('alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64url({ alg: 'none', kid: acme.kid })}.${b64url({ iss: acme.id, sub: acme.id, aud: tokenUrl, exp: now + 60, jti: crypto.randomUUID() })}.`;
    await expectRefused(unsigned, 'alg must be RS384 or ES384');
  });

  it('HS384 keyed with the partner public key (HMAC/asymmetric confusion)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ jti: crypto.randomUUID() })
      .setProtectedHeader({ alg: 'HS384', kid: acme.kid })
      .setIssuer(acme.id)
      .setSubject(acme.id)
      .setAudience(tokenUrl)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(JSON.stringify(acme.publicJwk)));
    await expectRefused(forged, 'alg must be RS384 or ES384');
  });

  it('an ES256 assertion (right family, wrong algorithm)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    await expectRefused(await acme.assertion(tokenUrl, { header: { alg: 'ES256' }, key: privateKey }), 'alg must be RS384 or ES384');
  });

  it('no kid', async () => {
    await expectRefused(await acme.assertion(tokenUrl, { header: { kid: undefined } }), 'kid header required');
  });

  it('unknown kid', async () => {
    await expectRefused(await acme.assertion(tokenUrl, { header: { kid: 'acme-rides-key-9' } }), 'unknown kid');
  });

  it('bad signature (another key under the registered kid)', async () => {
    const { privateKey } = await generateKeyPair('ES384');
    await expectRefused(await acme.assertion(tokenUrl, { key: privateKey }), 'bad signature');
  });

  it('a tampered payload', async () => {
    const [header, , signature] = (await acme.assertion(tokenUrl)).split('.');
    const now = Math.floor(Date.now() / 1000);
    const payload = b64url({ iss: acme.id, sub: acme.id, aud: tokenUrl, exp: now + 100, jti: crypto.randomUUID() });
    await expectRefused(`${header}.${payload}.${signature}`, 'bad signature');
  });

  it('wrong aud', async () => {
    const rule = 'aud must be the token endpoint URL or the issuer';
    await expectRefused(await acme.assertion(tokenUrl, { claims: { aud: 'https://other.example/oauth/token' } }), rule);
    await expectRefused(await acme.assertion(tokenUrl, { claims: { aud: `${gateway.url}/oauth/token` } }), rule);
    await expectRefused(await acme.assertion(tokenUrl, { claims: { aud: `${gateway.container.config.publicUrl}/graphql` } }), rule);
    await expectRefused(await acme.assertion(tokenUrl, { claims: { aud: [tokenUrl, 'https://other.example/oauth/token'] } }), rule);
  });

  it('aud = the issuer is accepted too (RFC 7523; what openid-client sends)', async () => {
    const issuer = gateway.container.config.publicUrl.replace(/\/+$/, '');
    for (const aud of [issuer, [issuer, tokenUrl]]) {
      const granted = await requestToken(gateway.url, await acme.assertion(tokenUrl, { claims: { aud } }));
      expect(granted.status).toBe(200);
    }
  });

  it('wrong iss: an unregistered client, or iss not equal to sub', async () => {
    await expectRefused(await stranger.assertion(tokenUrl), 'unknown client');
    await expectRefused(await acme.assertion(tokenUrl, { claims: { sub: 'someone-else' } }), 'iss and sub must both be the client id');
    await expectRefused(await acme.assertion(tokenUrl, { claims: { iss: 'acme-rsa' } }), 'iss and sub must both be the client id');
    await expectRefused(await acme.assertion(tokenUrl), 'client_id does not match the assertion', { client_id: 'acme-rsa' });
  });

  it('a client registered without keys', async () => {
    await expectRefused(await stranger.assertion(tokenUrl, { claims: { iss: 'acme-keyless', sub: 'acme-keyless' } }), 'no keys registered for this client');
  });

  it('expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await acme.assertion(tokenUrl, { claims: { iat: now - 600, exp: now - 120 } }), 'assertion expired');
  });

  it('not yet valid (nbf in the future)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await acme.assertion(tokenUrl, { claims: { nbf: now + 120 } }), 'assertion not yet valid');
  });

  it('exp more than five minutes ahead', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await acme.assertion(tokenUrl, { claims: { exp: now + 600 } }), 'exp more than 5 minutes ahead');
  });

  it('expired 8 s ago (beyond the 5 s clock tolerance)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await acme.assertion(tokenUrl, { claims: { iat: now - 60, exp: now - 8 } }), 'assertion expired');
  });

  it('nbf 10 s ahead (beyond the tolerance)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await acme.assertion(tokenUrl, { claims: { nbf: now + 10 } }), 'assertion not yet valid');
  });

  it('iat 10 s in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await acme.assertion(tokenUrl, { claims: { iat: now + 10, exp: now + 120 } }), 'assertion not yet valid');
  });

  it('exp 310 s ahead (five minutes plus more than the tolerance)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await acme.assertion(tokenUrl, { claims: { exp: now + 310 } }), 'exp more than 5 minutes ahead');
  });

  it('accepts an assertion 3 s expired and one with exp five minutes ahead (inside the tolerance)', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await requestToken(gateway.url, await acme.assertion(tokenUrl, { claims: { iat: now - 60, exp: now - 3 } }))).status).toBe(200);
    expect((await requestToken(gateway.url, await acme.assertion(tokenUrl, { claims: { exp: now + 300 } }))).status).toBe(200);
  });

  it('no jti', async () => {
    await expectRefused(await acme.assertion(tokenUrl, { claims: { jti: undefined } }), 'missing or invalid claim jti');
  });

  it('a replayed jti, even inside a freshly signed assertion', async () => {
    const jti = crypto.randomUUID();
    expect((await requestToken(gateway.url, await acme.assertion(tokenUrl, { claims: { jti } }))).status).toBe(200);
    await expectRefused(await acme.assertion(tokenUrl, { claims: { jti } }), 'jti already used');
  });

  it('a jku header that is not the registered jwksUri', async () => {
    await expectRefused(await acme.assertion(tokenUrl, { header: { jku: 'https://attacker.example/jwks.json' } }), 'jku is not the registered jwksUri');
  });

  it('a suspended partner', async () => {
    await expectRefused(await dormant.assertion(tokenUrl), 'client suspended');
  });

  it('an oversized assertion, before any decoding', async () => {
    const big = await acme.assertion(tokenUrl, { claims: { padding: 'x'.repeat(9000) } });
    const answer = await requestToken(gateway.url, big);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'invalid_request', error_description: 'client_assertion too large' });
  });

  it('a key registered for ES384 used with RS384 claims in the header', async () => {
    const { privateKey } = await generateKeyPair('RS384');
    await expectRefused(await acme.assertion(tokenUrl, { header: { alg: 'RS384' }, key: privateKey }), 'key does not fit the alg');
  });
});

describe('malformed token requests', () => {
  it('answers RFC 6749 errors with 400 and no-store', async () => {
    const assertion = await acme.assertion(tokenUrl);
    const cases: [Record<string, string | undefined>, string][] = [
      [{ grant_type: 'authorization_code' }, 'unsupported_grant_type'],
      [{ client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' }, 'invalid_request'],
      [{ client_assertion: '' }, 'invalid_request'],
    ];
    for (const [fields, error] of cases) {
      const answer = await requestToken(gateway.url, assertion, fields);
      expect(answer.status).toBe(400);
      expect(answer.body['error']).toBe(error);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('refuses JSON bodies, GET, and bodies over 16 KB', async () => {
    const json = await fetch(`${gateway.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
    const get = await fetch(`${gateway.url}/oauth/token`);
    expect(get.status).toBe(400);
    const huge = await fetch(`${gateway.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&pad=${'x'.repeat(20_000)}`,
    });
    expect(huge.status).toBe(400);
    expect(await huge.json()).toEqual({ error: 'invalid_request', error_description: 'request body too large' });
  });

  it('logs refusals by check, never the assertion', async () => {
    const assertion = await acme.assertion(tokenUrl, { claims: { exp: Math.floor(Date.now() / 1000) + 900 } });
    await requestToken(gateway.url, assertion);
    const line = gateway.logs.find((entry) => entry.includes('token request refused') && entry.includes('exp more than 5 minutes ahead'));
    expect(line).toBeDefined();
    expect(gateway.logs.join('\n')).not.toContain(assertion.split('.')[2]);
  });
});
