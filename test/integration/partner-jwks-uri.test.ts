import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveOnLoopback, type LoopbackServer } from '../../adapters/shared/loopback-server';
import { createRemoteJwks, maxAgeOf } from '../../src/auth/token-endpoint';
import { manualClock } from '../shared/manual-clock';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { createTestPartner, partnerEntry, requestToken, type TestPartner } from '../helpers/partner-client';

/** A partner's JWKS host on loopback: counts fetches, answers with the keys and Cache-Control we set. */
function jwksHost() {
  const state = { keys: [] as JWK[], cacheControl: 'max-age=60' as string | null, status: 200, fetches: 0 };
  let server: LoopbackServer | undefined;
  return {
    state,
    start: async () => {
      server = await serveOnLoopback(() => {
        state.fetches++;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (state.cacheControl) headers['cache-control'] = state.cacheControl;
        return new Response(JSON.stringify({ keys: state.keys }), { status: state.status, headers });
      });
      return `${server.url}/.well-known/jwks.json`;
    },
    close: () => server?.close(),
  };
}

describe('Cache-Control max-age', () => {
  it('reads max-age, treats no-store / no-cache as 0, and says nothing otherwise', () => {
    expect(maxAgeOf('public, max-age=120')).toBe(120);
    expect(maxAgeOf('no-cache')).toBe(0);
    expect(maxAgeOf('private, no-store, max-age=30')).toBe(0);
    expect(maxAgeOf('public')).toBeUndefined();
    expect(maxAgeOf(null)).toBeUndefined();
  });
});

describe('remote JWKS resolver (real HTTP, fake clock)', () => {
  const host = jwksHost();
  let uri: string;
  let partner: TestPartner;
  let rotated: TestPartner;

  beforeAll(async () => {
    uri = await host.start();
    partner = await createTestPartner('remote-a');
    rotated = await createTestPartner('remote-a', { kid: 'remote-a-key-2' });
  });
  afterAll(() => host.close());

  const fresh = () => {
    host.state.fetches = 0;
    host.state.keys = [partner.publicJwk];
    host.state.cacheControl = 'max-age=60';
    host.state.status = 200;
    const clock = manualClock(Date.UTC(2030, 0, 1));
    return { jwks: createRemoteJwks({ fetch: (input, init) => fetch(input, init), clock, cooldownSeconds: 10 }), advance: clock.advance };
  };

  it('caches for the max-age the host sends, then fetches again', async () => {
    const { jwks, advance } = fresh();
    expect((await jwks.findKey(uri, partner.kid)).key?.kid).toBe(partner.kid);
    advance(59_000);
    await jwks.findKey(uri, partner.kid);
    expect(host.state.fetches).toBe(1);
    advance(2_000);
    await jwks.findKey(uri, partner.kid);
    expect(host.state.fetches).toBe(2);
  });

  it('refetches once on an unknown kid (the partner rotated), but not within the cooldown', async () => {
    const { jwks, advance } = fresh();
    await jwks.findKey(uri, partner.kid);
    host.state.keys = [partner.publicJwk, rotated.publicJwk];
    expect((await jwks.findKey(uri, rotated.kid)).key).toBeUndefined(); // fetched a moment ago: cooldown
    expect(host.state.fetches).toBe(1);
    advance(11_000);
    expect((await jwks.findKey(uri, rotated.kid)).key?.kid).toBe(rotated.kid);
    expect(host.state.fetches).toBe(2);
    advance(11_000);
    expect((await jwks.findKey(uri, 'never-registered')).key).toBeUndefined();
    expect(host.state.fetches).toBe(3); // one refetch for the unknown kid, no more
    expect((await jwks.findKey(uri, 'never-registered')).key).toBeUndefined();
    expect(host.state.fetches).toBe(3);
  });

  it('honours no-cache only down to a 5 s floor', async () => {
    const { jwks, advance } = fresh();
    host.state.cacheControl = 'no-cache';
    await jwks.findKey(uri, partner.kid);
    await jwks.findKey(uri, partner.kid);
    expect(host.state.fetches).toBe(1);
    advance(5_001);
    await jwks.findKey(uri, partner.kid);
    expect(host.state.fetches).toBe(2);
  });

  it('keeps serving the last good keys while the host fails, and says unavailable when it never answered', async () => {
    const { jwks, advance } = fresh();
    await jwks.findKey(uri, partner.kid);
    host.state.status = 503;
    advance(61_000);
    expect((await jwks.findKey(uri, partner.kid)).key?.kid).toBe(partner.kid);
    expect(host.state.fetches).toBe(2);

    const other = fresh();
    host.state.status = 500;
    expect(await other.jwks.findKey(uri, partner.kid)).toEqual({ key: undefined, unavailable: true });
  });

  it('shares one fetch between concurrent lookups', async () => {
    const { jwks } = fresh();
    await Promise.all(Array.from({ length: 20 }, () => jwks.findKey(uri, partner.kid)));
    expect(host.state.fetches).toBe(1);
  });
});

describe('a partner registered by jwksUri, through the gateway', () => {
  const host = jwksHost();
  let simulators: SandboxSimulators;
  let gateway: TestGateway;
  let partner: TestPartner;
  let uri: string;
  let tokenUrl: string;

  beforeAll(async () => {
    partner = await createTestPartner('remote-b');
    uri = await host.start();
    host.state.keys = [partner.publicJwk];
    simulators = await startSandboxSimulators();
    gateway = await startTestGateway({
      simulators,
      adjustConfig: (config) => ({ ...config, partners: [...config.partners, partnerEntry(partner, { keys: { jwksUri: uri } })] }),
    });
    tokenUrl = `${gateway.container.config.publicUrl}/oauth/token`;
  });
  afterAll(async () => {
    await gateway?.close();
    await simulators?.close();
    await host.close();
  });

  it('verifies against the fetched keys, fetching once for several token requests', async () => {
    for (let i = 0; i < 3; i++) expect((await requestToken(gateway.url, await partner.assertion(tokenUrl))).status).toBe(200);
    expect(host.state.fetches).toBe(1);
  });

  it('accepts a jku equal to the registered jwksUri and refuses any other', async () => {
    expect((await requestToken(gateway.url, await partner.assertion(tokenUrl, { header: { jku: uri } }))).status).toBe(200);
    const refused = await requestToken(gateway.url, await partner.assertion(tokenUrl, { header: { jku: `${uri}?evil=1` } }));
    expect(refused.body).toEqual({ error: 'invalid_client', error_description: 'jku is not the registered jwksUri' });
  });
});
