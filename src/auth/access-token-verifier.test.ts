import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxGatewaySigningJwk } from '../../config/sandbox/sandbox-keys';
import { manualClock } from '../../test/shared/manual-clock';
import { GatewayError } from '../domain/errors';
import { createAccessTokenVerifier } from './access-token-verifier';
import { createGatewayKeyRing, type GatewayKeyRing } from './gateway-signing-keys';

/**
 * The time rules of the verifier, with tokens signed by the real sandbox gateway key (so the
 * signature, issuer and audience all pass and only the time check can refuse) and a manual clock.
 */
const ISSUER = 'http://gateway.test';
const TTL = 300;
const clock = manualClock();
const nowS = () => Math.floor(clock.now() / 1000);
let keys: GatewayKeyRing;

beforeAll(async () => {
  keys = await createGatewayKeyRing([{ jwk: sandboxGatewaySigningJwk, retired: false }]);
});

const verifierWith = (options: { clockToleranceSeconds?: number } = {}) =>
  createAccessTokenVerifier({ keys, issuer: ISSUER, audience: 'caregate', clock, maxLifetimeSeconds: TTL, cacheSeconds: 0, ...options });

/** `undefined` leaves a time claim out. */
function sign(times: { iat?: number | undefined; exp?: number; nbf?: number }): Promise<string> {
  const claims: Record<string, unknown> = { scope: 'patient.read', ...times };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: keys.active.kid, typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setAudience('caregate')
    .setSubject('sandbox-internal')
    .sign(keys.active.privateKey);
}

async function refusalReason(token: string, verifier = verifierWith()): Promise<unknown> {
  const error = await verifier.verify(token).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GatewayError);
  expect((error as GatewayError).code).toBe('UNAUTHENTICATED');
  return (error as GatewayError).details?.['reason'];
}

describe('access token time rules', () => {
  it('accepts a token as the issuer mints it', async () => {
    const verified = await verifierWith().verify(await sign({ iat: nowS(), nbf: nowS(), exp: nowS() + TTL }));
    expect(verified).toMatchObject({ partnerId: 'sandbox-internal', expiresAt: nowS() + TTL });
  });

  it('allows 5 s of skew past exp, not 6', async () => {
    const verifier = verifierWith();
    expect((await verifier.verify(await sign({ iat: nowS() - 100, exp: nowS() - 4 }))).partnerId).toBe('sandbox-internal');
    expect(await refusalReason(await sign({ iat: nowS() - 100, exp: nowS() - 6 }), verifier)).toBe('expired');
  });

  it('refuses nbf more than the tolerance ahead', async () => {
    expect(await refusalReason(await sign({ iat: nowS(), nbf: nowS() + 6, exp: nowS() + 60 }))).toBe('not-yet-valid');
  });

  it('requires iat', async () => {
    expect(await refusalReason(await sign({ iat: undefined, exp: nowS() + 60 }))).toBe('claims');
  });

  it('refuses iat in the future beyond the tolerance, accepts it within', async () => {
    const verifier = verifierWith();
    expect((await verifier.verify(await sign({ iat: nowS() + 4, exp: nowS() + 60 }))).partnerId).toBe('sandbox-internal');
    expect(await refusalReason(await sign({ iat: nowS() + 6, exp: nowS() + 60 }), verifier)).toBe('iat-future');
  });

  it('refuses a lifetime (exp - iat) longer than the configured access-token lifetime', async () => {
    const verifier = verifierWith();
    expect((await verifier.verify(await sign({ iat: nowS() - 10, exp: nowS() - 10 + TTL }))).partnerId).toBe('sandbox-internal');
    expect(await refusalReason(await sign({ iat: nowS() - 10, exp: nowS() - 10 + TTL + 1 }), verifier)).toBe('lifetime');
    expect(await refusalReason(await sign({ iat: nowS(), exp: nowS() + 365 * 86_400 }), verifier)).toBe('lifetime');
  });

  it('uses a smaller configured tolerance', async () => {
    expect(await refusalReason(await sign({ iat: nowS() - 100, exp: nowS() - 1 }), verifierWith({ clockToleranceSeconds: 0 }))).toBe('expired');
  });

  it('refuses a tolerance above 5 s at construction', () => {
    expect(() => verifierWith({ clockToleranceSeconds: 30 })).toThrow(RangeError);
  });

  it('never answers from the cache once the token has expired', async () => {
    const verifier = createAccessTokenVerifier({ keys, issuer: ISSUER, audience: 'caregate', clock, maxLifetimeSeconds: TTL });
    const token = await sign({ iat: nowS(), exp: nowS() + 10 });
    await verifier.verify(token);
    clock.advance(16_000);
    expect(await refusalReason(token, verifier)).toBe('expired');
  });
});
