import { importJWK, SignJWT, type JWK } from 'jose';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { sandboxPartnerPrivateJwks } from '../config/sandbox/sandbox-keys';

/**
 * Plays a partner against a running gateway, the way a partner's own backend would:
 * discover the token endpoint, sign a SMART Backend Services client assertion with the
 * partner's private key, exchange it for an access token, call /graphql, and show that the
 * same assertion cannot be used twice.
 *
 *   npm start &
 *   npx tsx scripts/partner-example.ts --partner sandbox-rides [--url http://localhost:8787] [--scope ride.read]
 *
 * The keys are the SANDBOX partners' keys from config/sandbox/keys (refused in production).
 */

export interface PartnerRun {
  tokenEndpoint: string;
  token: { access_token: string; token_type: string; expires_in: number; scope: string };
  viewer: unknown;
  replay: { status: number; body: unknown };
}

/** One assertion: iss = sub = client id, aud = token endpoint, exp <= 5 min, a fresh jti, kid + alg from the key. */
export async function signClientAssertion(privateJwk: JWK & { kid: string; alg: string }, clientId: string, tokenEndpoint: string): Promise<string> {
  const key = await importJWK(privateJwk, privateJwk.alg);
  return new SignJWT({})
    .setProtectedHeader({ alg: privateJwk.alg, kid: privateJwk.kid, typ: 'JWT' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenEndpoint)
    .setIssuedAt()
    .setExpirationTime('4m')
    .setJti(crypto.randomUUID())
    .sign(key);
}

const tokenRequest = (tokenEndpoint: string, assertion: string, scope?: string) =>
  fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      ...(scope ? { scope } : {}),
    }),
  });

export async function playPartner(options: { baseUrl: string; partnerId: string; privateJwk: JWK & { kid: string; alg: string }; scope?: string }): Promise<PartnerRun> {
  const discovery = (await (await fetch(`${options.baseUrl}/.well-known/smart-configuration`)).json()) as { token_endpoint: string };
  const assertion = await signClientAssertion(options.privateJwk, options.partnerId, discovery.token_endpoint);

  const answer = await tokenRequest(discovery.token_endpoint, assertion, options.scope);
  if (!answer.ok) throw new Error(`token request refused: HTTP ${answer.status} ${await answer.text()}`);
  const token = (await answer.json()) as PartnerRun['token'];

  const graphql = await fetch(`${options.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token.access_token}` },
    body: JSON.stringify({ query: '{ viewer { id name scopes sources { id kind } } }' }),
  });
  const viewer: unknown = await graphql.json();

  const replayed = await tokenRequest(discovery.token_endpoint, assertion, options.scope);
  return { tokenEndpoint: discovery.token_endpoint, token, viewer, replay: { status: replayed.status, body: await replayed.json() } };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  try {
    const { values } = parseArgs({
      options: { partner: { type: 'string', default: 'sandbox-rides' }, url: { type: 'string', default: process.env['CAREGATE_URL'] ?? 'http://localhost:8787' }, scope: { type: 'string' } },
    });
    const partnerId = values.partner ?? 'sandbox-rides';
    const privateJwk = sandboxPartnerPrivateJwks[partnerId];
    if (!privateJwk) throw new Error(`no sandbox key for ${partnerId} (have: ${Object.keys(sandboxPartnerPrivateJwks).join(', ')})`);
    const run = await playPartner({ baseUrl: values.url ?? 'http://localhost:8787', partnerId, privateJwk: privateJwk, ...(values.scope ? { scope: values.scope } : {}) });
    console.log(`token endpoint: ${run.tokenEndpoint}`);
    console.log(`access token:   ${run.token.access_token.slice(0, 24)}... (${run.token.token_type}, ${run.token.expires_in} s, scope "${run.token.scope}")`);
    console.log(`viewer:         ${JSON.stringify(run.viewer)}`);
    console.log(`replayed assertion: HTTP ${run.replay.status} ${JSON.stringify(run.replay.body)}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
