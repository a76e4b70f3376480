import { afterEach, describe, expect, it } from 'vitest';
import type { FetchFn } from '../../../src/ports/fetch';
import { manualClock } from '../../../test/shared/manual-clock';
import { noSleep } from '../../../test/helpers/ride-adapter-testing';
import { encodeHex, hmacSha256, importHmacKey } from '../common/hmac';
import { createUberHealthRideAdapter, type UberHealthRideAdapterOptions } from './adapter';
import { UBER_SIM_DEFAULTS, startUberHealthSimulator, type StartedUberHealthSimulator, type UberHealthSimulatorOptions } from './simulator';

// Uber's token endpoint is on its own host (auth.uber.com), the scope names the API (sandbox or
// production), and webhooks say which API sent them: the simulator serves two loopback hosts.
const pickup = { lat: 39.7817, lng: -89.6501 };
const dropoff = { lat: 39.799, lng: -89.644 };

let sim: StartedUberHealthSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function start(options: UberHealthSimulatorOptions = {}): Promise<StartedUberHealthSimulator> {
  sim = await startUberHealthSimulator({ seed: 5, ...options });
  return sim;
}

const optionsFor = (simulator: StartedUberHealthSimulator): UberHealthRideAdapterOptions => ({
  sourceId: 'uber-env',
  baseUrl: simulator.url,
  environment: 'sandbox',
  tokenUrl: `${simulator.authUrl}/oauth/v2/token`,
  fetch,
  clock: manualClock(),
  credentials: { clientId: UBER_SIM_DEFAULTS.clientId, clientSecret: UBER_SIM_DEFAULTS.clientSecret },
  webhookSecret: UBER_SIM_DEFAULTS.webhookSecret,
  timeoutMs: 2000,
  sleep: noSleep,
});
const adapterFor = (simulator: StartedUberHealthSimulator, overrides: Partial<UberHealthRideAdapterOptions> = {}) =>
  createUberHealthRideAdapter({ ...optionsFor(simulator), ...overrides });

/** Resolves auth.uber.com to the simulator's auth host, as DNS would to Uber's; everything else goes out as asked. */
const resolvingAuthHostTo =
  (authUrl: string, seen: string[]): FetchFn =>
  (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    seen.push(url);
    return fetch(url.startsWith('https://auth.uber.com/') ? url.replace('https://auth.uber.com', authUrl) : url, init);
  };

describe('Uber Health tokens', () => {
  it('gets its token from the auth host with the sandbox scope', async () => {
    const simulator = await start();
    expect(await adapterFor(simulator).estimate({ pickup, dropoff })).toHaveLength(2);
    expect(simulator.tokenRequests).toBe(1);
  });

  it('defaults to https://auth.uber.com/oauth/v2/token, not the API host', async () => {
    const simulator = await start();
    const seen: string[] = [];
    const { tokenUrl: _configured, ...withoutTokenUrl } = optionsFor(simulator);
    const adapter = createUberHealthRideAdapter({ ...withoutTokenUrl, fetch: resolvingAuthHostTo(simulator.authUrl, seen) });
    expect(await adapter.estimate({ pickup, dropoff })).toHaveLength(2);
    expect(seen[0]).toBe('https://auth.uber.com/oauth/v2/token');
    expect(seen.slice(1).every((url) => url.startsWith(simulator.url))).toBe(true);
  });

  it('fails when the token URL points at the API host, which serves no tokens (404)', async () => {
    const simulator = await start();
    const apiHostToken = await fetch(`${simulator.url}/oauth/v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: UBER_SIM_DEFAULTS.clientId, client_secret: UBER_SIM_DEFAULTS.clientSecret, grant_type: 'client_credentials', scope: 'health.sandbox' }),
    });
    expect(apiHostToken.status).toBe(404);
    const misconfigured = adapterFor(simulator, { tokenUrl: `${simulator.url}/oauth/v2/token` });
    await expect(misconfigured.estimate({ pickup, dropoff })).rejects.toMatchObject({ details: { sourceId: 'uber-env', upstreamStatus: 404 } });
    expect(simulator.tokenRequests).toBe(0);
  });

  it('asks for the scope of its environment; the auth host refuses the other one', async () => {
    const sandbox = await start({ environment: 'sandbox' });
    await expect(adapterFor(sandbox, { environment: 'production' }).estimate({ pickup, dropoff })).rejects.toMatchObject({ details: { upstreamStatus: 400 } });
    // An explicit scope still wins over the environment's.
    await expect(adapterFor(sandbox, { scope: 'health' }).estimate({ pickup, dropoff })).rejects.toMatchObject({ details: { upstreamStatus: 400 } });
    expect(await adapterFor(sandbox, { environment: 'production', scope: 'health.sandbox' }).estimate({ pickup, dropoff })).toHaveLength(2);
    await sandbox.close();
    const production = await start({ environment: 'production' });
    expect(await adapterFor(production, { environment: 'production' }).estimate({ pickup, dropoff })).toHaveLength(2);
    await expect(adapterFor(production).estimate({ pickup, dropoff })).rejects.toMatchObject({ details: { upstreamStatus: 400 } });
  });

  it('the auth host refuses JSON bodies, wrong credentials and other grants, as Uber does', async () => {
    const simulator = await start();
    const token = (body: BodyInit, contentType = 'application/x-www-form-urlencoded') =>
      fetch(`${simulator.authUrl}/oauth/v2/token`, { method: 'POST', headers: { 'content-type': contentType }, body }).then(async (r) => [r.status, ((await r.json()) as { error?: string }).error]);
    const form = (fields: Record<string, string>) =>
      new URLSearchParams({ client_id: UBER_SIM_DEFAULTS.clientId, client_secret: UBER_SIM_DEFAULTS.clientSecret, grant_type: 'client_credentials', scope: 'health.sandbox', ...fields });
    expect(await token(form({}))).toEqual([200, undefined]);
    expect(await token(JSON.stringify(Object.fromEntries(form({}))), 'application/json')).toEqual([400, 'invalid_request']);
    expect(await token(form({ client_secret: 'wrong' }))).toEqual([401, 'invalid_client']);
    expect(await token(form({ grant_type: 'authorization_code' }))).toEqual([400, 'unsupported_grant_type']);
    expect(await token(form({ scope: 'health' }))).toEqual([400, 'invalid_scope']);
    expect(await token(form({ scope: '' }))).toEqual([400, 'invalid_request']);
  });
});

describe('Uber Health webhook environment', () => {
  const signed = async (body: Uint8Array, environment?: string) => {
    const signature = encodeHex(await hmacSha256(await importHmacKey(UBER_SIM_DEFAULTS.webhookSecret), body));
    return new Headers({ 'X-Uber-Signature': signature, ...(environment === undefined ? {} : { 'X-Environment': environment }) });
  };
  const body = new TextEncoder().encode(JSON.stringify({ event_id: 'e1', event_time: 1772463960, event_type: 'health.status_changed', meta: { resource_id: 'r', status: 'accepted' } }));

  it('accepts a signed webhook only from its own environment', async () => {
    const simulator = await start();
    const sandboxSource = adapterFor(simulator);
    const productionSource = adapterFor(simulator, { environment: 'production' });
    expect(await sandboxSource.verifyWebhook(body, await signed(body, 'sandbox'))).toBe(true);
    // Uber's docs spell the value both ways ("sandbox", and "Sandbox" for voucher events).
    expect(await sandboxSource.verifyWebhook(body, await signed(body, 'Sandbox'))).toBe(true);
    expect(await sandboxSource.verifyWebhook(body, await signed(body, 'production'))).toEqual({ refused: 'wrong-environment' });
    expect(await sandboxSource.verifyWebhook(body, await signed(body))).toEqual({ refused: 'wrong-environment' });
    expect(await productionSource.verifyWebhook(body, await signed(body, 'production'))).toBe(true);
    expect(await productionSource.verifyWebhook(body, await signed(body, 'sandbox'))).toEqual({ refused: 'wrong-environment' });
    // A bad signature is a bad signature, whatever the environment says.
    const forged = await signed(new TextEncoder().encode('{}'), 'sandbox');
    expect(await sandboxSource.verifyWebhook(body, forged)).toBe(false);
  });
});
