import { afterEach, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { FhirAuthConfig } from './auth/upstream-auth';
import { manualClock } from '../../../test/shared/manual-clock';
import { expectGatewayError, startAdapterFixture, type AdapterFixture } from '../../../test/helpers/fhir-adapter-fixture';

// Upstream auth modes against the simulator: none, static bearer, SMART Backend Services.
const UPTON = '79a66c97-6131-3213-f3c9-4606946ab056';

let fx: AdapterFixture | null = null;
afterEach(async () => {
  await fx?.sim.close();
  fx = null;
});

async function clientKeys(alg: 'ES384' | 'RS384', kid: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateJwk: { ...(await exportJWK(privateKey)), kid, alg }, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

const fhirCalls = (f: AdapterFixture) => f.sim.requestLog.filter({ resourceType: 'Patient' });
const tokenCalls = (f: AdapterFixture) => f.sim.requestLog.count({ interaction: 'token' });

describe('no auth and static bearer', () => {
  it('sends no Authorization header in `none` mode', async () => {
    fx = await startAdapterFixture();
    expect((await fx.adapter.getPatients([UPTON])).size).toBe(1);
    expect(fhirCalls(fx)[0]?.authorization).toBeNull();
  });

  it('sends the static bearer token; a refused token fails once, without retries', async () => {
    fx = await startAdapterFixture({ auth: { type: 'bearer', token: 'sandbox-static-token' } });
    fx.sim.faults.requireBearer('sandbox-static-token');
    expect((await fx.adapter.getPatients([UPTON])).size).toBe(1);
    expect(fhirCalls(fx)[0]?.authorization).toBe('Bearer sandbox-static-token');

    fx.sim.requestLog.clear();
    const wrong = fx.makeAdapter({ auth: { type: 'bearer', token: 'stale-token' } });
    const error = await expectGatewayError(wrong.getPatients([UPTON]), 'UPSTREAM_UNAVAILABLE');
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ upstreamStatus: 401 });
    expect(fhirCalls(fx)).toHaveLength(1);
    await expectGatewayError(fx.makeAdapter({ auth: { type: 'none' } }).getPatients([UPTON]), 'UPSTREAM_UNAVAILABLE');
  });
});

describe('SMART Backend Services', () => {
  /** `gatewayClockAheadMs`: how far the gateway's clock runs ahead of the EHR's. */
  async function smartFixture(alg: 'ES384' | 'RS384' = 'ES384', tokenTtlSeconds = 300, gatewayClockAheadMs = 0) {
    const ehrClock = manualClock(Date.parse('2025-06-01T12:00:00Z'));
    const clock = gatewayClockAheadMs === 0 ? ehrClock : manualClock(ehrClock.now() + gatewayClockAheadMs);
    const { privateJwk, publicJwk } = await clientKeys(alg, `caregate-${alg}`);
    const f = await startAdapterFixture({
      simulator: { smart: { clientId: 'caregate-test', jwks: { keys: [publicJwk] }, tokenTtlSeconds }, now: ehrClock.now },
    });
    const auth: FhirAuthConfig = {
      type: 'smart-backend',
      tokenUrl: f.sim.tokenUrl,
      clientId: 'caregate-test',
      privateJwk,
      scope: 'system/Patient.read system/Appointment.read',
    };
    return { f: { ...f, adapter: f.makeAdapter({ auth, clock }) }, clock, auth, privateJwk };
  }

  it('gets one token (ES384 assertion) and reuses it for several calls, concurrent ones included', async () => {
    const { f } = await smartFixture('ES384');
    fx = f;
    await f.adapter.getPatients([UPTON]);
    await f.adapter.searchPatients({ family: 'Upton904' }, 5, null);
    await Promise.all([f.adapter.getPatients([UPTON]), f.adapter.getPatients([UPTON]), f.adapter.getAppointments(['x'])]);
    expect(tokenCalls(f)).toBe(1);
    const tokens = new Set(fhirCalls(f).map((call) => call.authorization));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^Bearer \S+$/);
    expect(fhirCalls(f).every((call) => call.status === 200)).toBe(true);
  });

  it('works with an RS384 key', async () => {
    const { f } = await smartFixture('RS384');
    fx = f;
    expect((await f.adapter.getPatients([UPTON])).size).toBe(1);
    expect(tokenCalls(f)).toBe(1);
  });

  it('signs assertions that expire well inside the 5 minutes Epic allows, so a clock 30 s ahead still gets a token', async () => {
    const { f } = await smartFixture('ES384', 300, 30_000);
    fx = f;
    expect((await f.adapter.getPatients([UPTON])).size).toBe(1);
    expect(tokenCalls(f)).toBe(1);
    // The margin is a minute, not unlimited: the EHR still refuses a clock 90 s ahead.
    const { f: far } = await smartFixture('ES384', 300, 90_000);
    try {
      const error = await expectGatewayError(far.adapter.getPatients([UPTON]), 'UPSTREAM_UNAVAILABLE');
      expect(error.details).toMatchObject({ upstreamStatus: 401, oauthError: 'invalid_client' });
    } finally {
      await far.sim.close();
    }
  });

  it('fetches a new token shortly before expires_in', async () => {
    const { f, clock } = await smartFixture('ES384', 300);
    fx = f;
    await f.adapter.getPatients([UPTON]);
    clock.advance(250_000); // still well inside the lifetime
    await f.adapter.getPatients([UPTON]);
    expect(tokenCalls(f)).toBe(1);
    clock.advance(25_000); // 275 s: inside the refresh margin before 300 s
    await f.adapter.getPatients([UPTON]);
    expect(tokenCalls(f)).toBe(2);
    expect(fhirCalls(f).every((call) => call.status === 200)).toBe(true);
  });

  it('drops the token on a 401, refreshes once and retries the request', async () => {
    const { f } = await smartFixture();
    fx = f;
    await f.adapter.getPatients([UPTON]);
    f.sim.simulator.smart?.revokeAll();
    expect((await f.adapter.getPatients([UPTON])).size).toBe(1);
    expect(tokenCalls(f)).toBe(2);
    const calls = fhirCalls(f);
    expect(calls.map((call) => call.status)).toEqual([200, 401, 200]);
    expect(calls[2]?.authorization).not.toBe(calls[1]?.authorization);
  });

  it('refreshes only once: a second 401 is an error', async () => {
    const { f } = await smartFixture();
    fx = f;
    await f.adapter.getPatients([UPTON]);
    f.sim.faults.refuseAllTokens(true);
    await expectGatewayError(f.adapter.getPatients([UPTON]), 'UPSTREAM_UNAVAILABLE');
    expect(tokenCalls(f)).toBe(2);
    expect(fhirCalls(f).map((call) => call.status)).toEqual([200, 401, 401]);
  });

  it('reports a refused client assertion as UPSTREAM_UNAVAILABLE with the OAuth error code only', async () => {
    const { f, auth } = await smartFixture();
    fx = f;
    const { privateJwk: otherKey } = await clientKeys('ES384', 'caregate-ES384'); // same kid, different key
    const impostor = f.makeAdapter({ auth: { ...auth, privateJwk: otherKey } as FhirAuthConfig });
    const error = await expectGatewayError(impostor.getPatients([UPTON]), 'UPSTREAM_UNAVAILABLE');
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ upstreamStatus: 401, oauthError: 'invalid_client' });
    expect(fhirCalls(f)).toHaveLength(0);
  });

  it('refuses keys SMART does not allow', async () => {
    const { f, auth, privateJwk } = await smartFixture();
    fx = f;
    expect(() => f.makeAdapter({ auth: { ...auth, privateJwk: { ...privateJwk, alg: 'ES256' } } as FhirAuthConfig })).toThrow(/RS384 or ES384/);
    const { kid: _kid, ...withoutKid } = privateJwk;
    expect(() => f.makeAdapter({ auth: { ...auth, privateJwk: withoutKid } as FhirAuthConfig })).toThrow(/kid/);
  });
});
