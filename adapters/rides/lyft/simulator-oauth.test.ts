import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LYFT_SIM_DEFAULTS, startLyftSimulator, type LyftSimulator, type LyftSimulatorOptions } from './simulator';

/** The simulator refuses what Lyft refuses (developer.lyft.com/docs/authentication; see ./simulator-oauth.ts). */
type Sim = LyftSimulator & { url: string; close(): Promise<void> };
let sim: Sim | undefined;
const start = async (options: LyftSimulatorOptions = {}) => (sim = await startLyftSimulator({ seed: 3, ...options }));
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const basic = (id = LYFT_SIM_DEFAULTS.clientId, secret = LYFT_SIM_DEFAULTS.clientSecret) => `Basic ${btoa(`${id}:${secret}`)}`;
const tokenCall = async (server: Sim, body: Record<string, unknown>, authorization: string | null = basic()) => {
  const response = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { access_token?: string; scope?: string; refresh_token?: string; error?: string } };
};
const api = async (server: Sim, token: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, wwwAuthenticate: response.headers.get('www-authenticate'), body: (await response.json()) as { error?: string; ride_id?: string } };
};
const booking = {
  ride_type: 'lyft',
  origin: { lat: 39.78, lng: -89.65, address: '100 Example Ave' },
  destination: { lat: 39.8, lng: -89.64, address: '800 Sample Blvd' },
  passenger: { first_name: 'Test', last_name: 'Rider', phone_number: '+15555550100' },
};
const COST = '/v1/cost?start_lat=39.78&start_lng=-89.65&end_lat=39.8&end_lng=-89.64';

describe('Lyft simulator OAuth: what Lyft grants and refuses', () => {
  let server: Sim;
  beforeEach(async () => {
    server = await start();
  });

  it('grants client credentials `public` only, and refuses ride requests, reads and cancels with that token (403 insufficient_scope)', async () => {
    const granted = await tokenCall(server, { grant_type: 'client_credentials', scope: 'public rides.read rides.request' });
    expect(granted).toMatchObject({ status: 200, body: { scope: 'public' } });
    const token = granted.body.access_token as string;
    expect((await api(server, token, 'GET', COST)).status).toBe(200);
    const book = await api(server, token, 'POST', '/v1/rides', booking);
    expect(book).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
    expect(book.wwwAuthenticate).toBe('Bearer error="insufficient_scope", scope="rides.request"');
    expect(server.bookings).toBe(0);

    const user = (await tokenCall(server, { grant_type: 'refresh_token', refresh_token: LYFT_SIM_DEFAULTS.refreshToken })).body.access_token as string;
    const rideId = (await api(server, user, 'POST', '/v1/rides', booking)).body.ride_id as string;
    expect(await api(server, token, 'GET', `/v1/rides/${rideId}`)).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
    expect(await api(server, token, 'GET', `/v1/rides?start_time=${encodeURIComponent(new Date(0).toISOString())}`)).toMatchObject({ status: 403 });
    expect(await api(server, token, 'POST', `/v1/rides/${rideId}/cancel`, {})).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
    expect(server.ride(rideId)?.status).toBe('pending');
    expect((await api(server, user, 'GET', `/v1/rides/${rideId}`)).status).toBe(200);
  });

  it('refuses ride scopes alone on client credentials, unknown scopes, and unknown tokens', async () => {
    expect(await tokenCall(server, { grant_type: 'client_credentials', scope: 'rides.request' })).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    expect(await tokenCall(server, { grant_type: 'client_credentials', scope: 'public everything' })).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    expect(await api(server, 'made-up', 'GET', COST)).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
  });

  it('exchanges the refresh token only with the right Basic client, and refuses unknown and revoked refresh tokens', async () => {
    const refresh = { grant_type: 'refresh_token', refresh_token: LYFT_SIM_DEFAULTS.refreshToken };
    expect(await tokenCall(server, refresh, null)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await tokenCall(server, refresh, basic('sim-lyft-client', 'wrong'))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await tokenCall(server, { ...refresh, refresh_token: 'guessed' })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await tokenCall(server, { grant_type: 'password' })).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    const ok = await tokenCall(server, refresh);
    expect(ok).toMatchObject({ status: 200, body: { scope: 'public rides.read rides.request offline' } });
    expect(ok.body.refresh_token).toBeUndefined();
    server.oauth.revokeRefreshToken();
    expect(await tokenCall(server, refresh)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('Lyft simulator OAuth: options', () => {
  it('rotates refresh tokens when asked, refusing the previous one', async () => {
    const server = await start({ rotateRefreshTokens: true });
    const first = await tokenCall(server, { grant_type: 'refresh_token', refresh_token: LYFT_SIM_DEFAULTS.refreshToken });
    const rotated = first.body.refresh_token as string;
    expect(rotated).toMatch(/^lyft-sim-refresh-/);
    expect(server.oauth.currentRefreshToken).toBe(rotated);
    expect(await tokenCall(server, { grant_type: 'refresh_token', refresh_token: LYFT_SIM_DEFAULTS.refreshToken })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await tokenCall(server, { grant_type: 'refresh_token', refresh_token: rotated })).status).toBe(200);
  });

  it('grants ride scopes on client credentials to an account configured so (Concierge-style)', async () => {
    const server = await start({ clientCredentialScopes: ['public', 'rides.read', 'rides.request'] });
    const granted = await tokenCall(server, { grant_type: 'client_credentials', scope: 'public rides.read rides.request' });
    expect(granted.body.scope).toBe('public rides.read rides.request');
    expect((await api(server, granted.body.access_token as string, 'POST', '/v1/rides', booking)).status).toBe(201);
  });
});
