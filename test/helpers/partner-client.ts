import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { PartnerConfig } from '../../config/schema';

/** A partner as the outside world sees it: its own key pair, signing SMART Backend Services assertions. */
export interface TestPartner {
  id: string;
  kid: string;
  alg: 'ES384' | 'RS384';
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** A signed client assertion for `tokenUrl`; `claims`/`header` override the defaults (undefined removes a claim). */
  assertion(tokenUrl: string, options?: { claims?: Record<string, unknown>; header?: Record<string, unknown>; key?: CryptoKey }): Promise<string>;
}

export async function createTestPartner(id: string, options: { alg?: 'ES384' | 'RS384'; kid?: string } = {}): Promise<TestPartner> {
  const alg = options.alg ?? 'ES384';
  const kid = options.kid ?? `${id}-key-1`;
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return {
    id,
    kid,
    alg,
    privateKey,
    publicJwk,
    async assertion(tokenUrl, opts = {}) {
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = { iss: id, sub: id, aud: tokenUrl, exp: now + 240, iat: now, jti: crypto.randomUUID(), ...opts.claims };
      for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
      const header: Record<string, unknown> = { alg, kid, typ: 'JWT', ...opts.header };
      for (const [name, value] of Object.entries(header)) if (value === undefined) delete header[name];
      return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(opts.key ?? privateKey);
    },
  };
}

/** The partner entry a test config adds: inline JWKS unless `keys` says otherwise. */
export const partnerEntry = (partner: TestPartner, overrides: Partial<PartnerConfig> = {}): PartnerConfig => ({
  id: partner.id,
  name: `Test partner ${partner.id}`,
  status: 'active',
  scopes: ['appointment.read', 'ride.read'],
  sources: ['sandbox-ehr'],
  payerIds: [],
  keys: { jwks: { keys: [partner.publicJwk as { kty: string }] } },
  rateLimit: { perSecond: 100, burst: 100 },
  introspection: false,
  rideBenefitCheck: 'off',
  ...overrides,
});

export interface TokenAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** POST /oauth/token with form fields (a client_credentials request with `assertion` unless fields override). */
export async function requestToken(baseUrl: string, assertion: string | undefined, fields: Record<string, string | undefined> = {}): Promise<TokenAnswer> {
  const form = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    ...fields,
  };
  for (const [name, value] of Object.entries(all)) if (value !== undefined) form.set(name, value);
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}
