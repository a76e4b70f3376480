import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RideRequest } from '../../../src/domain/ride';
import type { FetchFn } from '../../../src/ports/fetch';
import type { Store } from '../../../src/ports/store';
import { manualClock, type ManualClock } from '../../../test/shared/manual-clock';
import { noSleep } from '../../../test/helpers/ride-adapter-testing';
import { createMemoryStore } from '../../state/memory';
import { createLyftRideAdapter, type LyftRideAdapterOptions } from './adapter';
import { LYFT_SIM_DEFAULTS, startLyftSimulator, type LyftSimulator, type LyftSimulatorOptions } from './simulator';

/** How the Lyft adapter authorizes: client credentials for estimates, the organisation's refresh token for rides. */
type Sim = LyftSimulator & { url: string; close(): Promise<void> };

const pickup = { lat: 39.7817, lng: -89.6501, addressLines: ['100 Example Ave'], city: 'Springfield', state: 'IL', postalCode: '62701' };
const dropoff = { lat: 39.799, lng: -89.644, addressLines: ['800 Sample Blvd'], city: 'Springfield', state: 'IL', postalCode: '62702' };
const request: RideRequest = { rider: { firstName: 'Test', lastName: 'Rider', phone: '+15555550100' }, pickup, dropoff, productId: 'lyft', schedule: { kind: 'now' } };
const storedToken = z.object({ refreshToken: z.string() });
const STORE_KEY = 'lyft-refresh-token:lyft-main';

let sim: Sim | undefined;
let clock: ManualClock;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const startSim = async (options: LyftSimulatorOptions = {}) => {
  clock = manualClock();
  sim = await startLyftSimulator({ seed: 11, clock, ...options });
  return sim;
};
const adapterFor = (server: Sim, overrides: Partial<LyftRideAdapterOptions> = {}) =>
  createLyftRideAdapter({
    sourceId: 'lyft-main',
    baseUrl: server.url,
    fetch,
    clock,
    credentials: { clientId: LYFT_SIM_DEFAULTS.clientId, clientSecret: LYFT_SIM_DEFAULTS.clientSecret },
    webhookSecret: LYFT_SIM_DEFAULTS.webhookSecret,
    timeoutMs: 2000,
    sleep: noSleep,
    ...overrides,
  });
const userAuth = (store: Store, refreshToken: string = LYFT_SIM_DEFAULTS.refreshToken) => ({ type: 'user-refresh-token' as const, refreshToken, store });

describe('Lyft client credentials (the app token)', () => {
  it('estimates with a public-only token, and refuses to book, read or cancel with it, naming the source, before calling the ride API', async () => {
    const server = await startSim();
    const adapter = adapterFor(server);
    expect((await adapter.estimate({ pickup, dropoff })).length).toBeGreaterThan(0);
    const refusal = { code: 'UPSTREAM_REJECTED', retryable: false, details: { sourceId: 'lyft-main', reason: 'RIDE_SCOPES_NOT_GRANTED', missingScopes: ['rides.read', 'rides.request'], grantedScopes: ['public'] } };
    await expect(adapter.book(request, { externalReference: 'k1' })).rejects.toMatchObject(refusal);
    await expect(adapter.book(request, { externalReference: 'k1' })).rejects.toThrow(/lyft-main/);
    await expect(adapter.get('123')).rejects.toMatchObject(refusal);
    await expect(adapter.cancel('123')).rejects.toMatchObject(refusal);
    expect(server.received).toHaveLength(0);
    // The refusal comes from the cached token's granted scope: Lyft is asked once for it, not per call.
    expect(server.oauth.grants).toEqual(['client_credentials', 'client_credentials']);
    expect(await adapter.ping()).toBe(false);
    expect(await adapter.setupWarning?.()).toMatch(/^Ride source lyft-main is not authorized to book or read Lyft rides/);
  });

  it('books with client credentials when the account is one Lyft grants ride scopes that way', async () => {
    const server = await startSim({ clientCredentialScopes: ['public', 'rides.read', 'rides.request'] });
    const adapter = adapterFor(server);
    const ride = await adapter.book(request, { externalReference: 'k-concierge' });
    expect((await adapter.get(ride.vendorRideId)).status).toBe('REQUESTED');
    expect(await adapter.setupWarning?.()).toBeNull();
    expect(server.oauth.grants.every((grant) => grant === 'client_credentials')).toBe(true);
  });
});

describe('Lyft user-authorized tokens (the organisation refresh token)', () => {
  it('exchanges the refresh token for ride calls, keeps client credentials for estimates, and names the source when the user lacks a ride scope', async () => {
    const server = await startSim({ userScopes: ['public', 'rides.read', 'offline'] });
    const adapter = adapterFor(server, { auth: userAuth(createMemoryStore({ clock })) });
    await adapter.estimate({ pickup, dropoff });
    await expect(adapter.book(request, { externalReference: 'k' })).rejects.toMatchObject({ details: { sourceId: 'lyft-main', missingScopes: ['rides.request'] } });
    expect(server.oauth.grants).toEqual(['client_credentials', 'refresh_token']);
  });

  it('maps a 403 insufficient_scope from the ride API (a token answer that named no scope) to the same refusal', async () => {
    const server = await startSim({ userScopes: ['public', 'offline'] });
    // Lyft may leave `scope` out of a token answer (RFC 6749: "as requested"): nothing to check up front.
    const withoutScope: FetchFn = async (input, init) => {
      const response = await fetch(input, init);
      const url = input instanceof Request ? input.url : input.toString();
      if (!url.endsWith('/oauth/token')) return response;
      const { scope: _dropped, ...rest } = (await response.json()) as Record<string, unknown>;
      return new Response(JSON.stringify(rest), { status: response.status, headers: { 'content-type': 'application/json' } });
    };
    const adapter = adapterFor(server, { fetch: withoutScope, auth: userAuth(createMemoryStore({ clock })) });
    await expect(adapter.book(request, { externalReference: 'k' })).rejects.toMatchObject({
      code: 'UPSTREAM_REJECTED',
      details: { sourceId: 'lyft-main', reason: 'RIDE_SCOPES_NOT_GRANTED', missingScopes: ['rides.request'] },
    });
    expect(server.bookings).toBe(0);
  });

  it('refuses a revoked refresh token as a setup problem naming the source', async () => {
    const server = await startSim();
    server.oauth.revokeRefreshToken();
    const adapter = adapterFor(server, { auth: userAuth(createMemoryStore({ clock })) });
    await expect(adapter.book(request, { externalReference: 'k' })).rejects.toMatchObject({
      code: 'UPSTREAM_REJECTED',
      retryable: false,
      details: { sourceId: 'lyft-main', reason: 'REFRESH_TOKEN_REJECTED', vendorError: 'invalid_grant' },
    });
    expect(await adapter.setupWarning?.()).toMatch(/lyft-main.*refresh token/);
    await expect(adapterFor(server, { credentials: { clientId: 'other', clientSecret: 'x' }, auth: userAuth(createMemoryStore({ clock })) }).get('1')).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      retryable: false,
    });
  });

  it('keeps a rotated refresh token in the Store, where a second instance picks it up', async () => {
    const server = await startSim({ rotateRefreshTokens: true });
    const store = createMemoryStore({ clock });
    const first = adapterFor(server, { auth: userAuth(store) });
    const ride = await first.book(request, { externalReference: 'k1' });
    const afterFirst = await store.get(STORE_KEY, storedToken);
    expect(afterFirst?.refreshToken).toBe(server.oauth.currentRefreshToken);
    expect(afterFirst?.refreshToken).not.toBe(LYFT_SIM_DEFAULTS.refreshToken);

    // The configured token was revoked by the rotation: a second instance must use the stored one.
    const second = adapterFor(server, { auth: userAuth(store) });
    expect((await second.get(ride.vendorRideId)).vendorRideId).toBe(ride.vendorRideId);
    // The first instance's access token lapses: it refreshes with the newest token, not its old one.
    clock.advance(3_600_000);
    expect((await first.get(ride.vendorRideId)).vendorRideId).toBe(ride.vendorRideId);
    expect((await store.get(STORE_KEY, storedToken))?.refreshToken).toBe(server.oauth.currentRefreshToken);
    expect(server.oauth.grants.filter((grant) => grant === 'refresh_token')).toHaveLength(3);
  });

  it('refreshes one instance at a time, so concurrent instances never send a rotated-away token and the Store ends with the newest', async () => {
    const server = await startSim({ rotateRefreshTokens: true });
    const store = createMemoryStore({ clock });
    const instances = [0, 1, 2].map(() => adapterFor(server, { auth: userAuth(store) }));
    const rides = await Promise.all(instances.map((adapter, i) => adapter.book(request, { externalReference: `k${i}` })));
    expect(rides.map((ride) => ride.status)).toEqual(['REQUESTED', 'REQUESTED', 'REQUESTED']);
    expect(server.oauth.grants.filter((grant) => grant === 'refresh_token')).toHaveLength(3);
    expect((await store.get(STORE_KEY, storedToken))?.refreshToken).toBe(server.oauth.currentRefreshToken);
  });

  it('uses a newly configured refresh token (the account authorized again) over the stored descendant of the old one', async () => {
    const server = await startSim({ rotateRefreshTokens: true });
    const store = createMemoryStore({ clock });
    await adapterFor(server, { auth: userAuth(store) }).book(request, { externalReference: 'k1' });
    const stale = server.oauth.currentRefreshToken;
    server.oauth.revokeRefreshToken(stale);
    const reauthorized = server.oauth.authorizeAgain();
    const ride = await adapterFor(server, { auth: userAuth(store, reauthorized) }).book(request, { externalReference: 'k2' });
    expect(ride.status).toBe('REQUESTED');
    expect((await store.get(STORE_KEY, storedToken))?.refreshToken).toBe(server.oauth.currentRefreshToken);
  });
});
