import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LYFT_SIM_DEFAULTS } from '../../adapters/rides/lyft/simulator';
import { UBER_SIM_DEFAULTS } from '../../adapters/rides/uber-health/simulator';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { addAppointment, appointmentGid, cancelAppointmentUpstream, futureIso, subscribeSse, vendorRideIdOf } from '../helpers/rides';
import { sandboxSimulator as lyftSandbox } from '../../adapters/rides/lyft/sandbox';
import { sandboxSimulator as uberHealthSandbox } from '../../adapters/rides/uber-health/sandbox';

const SUBSCRIBE = `subscription($id: ID!) { rideUpdated(id: $id) { status } }`;

/**
 * Webhooks as vendors really send them, and as attackers and networks mangle them: forged,
 * replayed, reordered, duplicated; plus what no webhook says (lost ones, cancelled appointments).
 */
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

const lyft = () => simulators.of(lyftSandbox);
const uber = () => simulators.of(uberHealthSandbox);

const lyftSignature = (body: string, secret = LYFT_SIM_DEFAULTS.webhookSecret) => `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`;
const uberSignature = (body: string, secret = UBER_SIM_DEFAULTS.webhookSecret) => createHmac('sha256', secret).update(body).digest('hex');

const post = async (sourceId: string, body: string, headers: Record<string, string>) => {
  const response = await fetch(`${gateway.url}/webhooks/rides/${sourceId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: (await response.json()) as { outcome: string } };
};
const postLyft = (body: string, signature = lyftSignature(body)) => post('sandbox-lyft', body, { 'X-Lyft-Signature': signature });
const postUber = (body: string, signature = uberSignature(body), environment = 'sandbox') =>
  post('sandbox-uber-health', body, { 'X-Uber-Signature': signature, 'X-Environment': environment });

/** Runs `fn` with the simulator's webhooks held back: `advance` then only returns the signed body. */
async function withheld<T>(simulator: { webhookUrl: string | null }, fn: () => Promise<T>): Promise<T> {
  const url = simulator.webhookUrl;
  simulator.webhookUrl = null;
  try {
    return await fn();
  } finally {
    simulator.webhookUrl = url;
  }
}

async function bookRide(rideSource: 'sandbox-lyft' | 'sandbox-uber-health', days: number) {
  const appointmentId = await addAppointment(simulators, { start: futureIso(days) });
  const { body } = await gateway.graphql<{ scheduleRide: { id: string } }>(
    `mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { id } }`,
    { variables: { input: { appointmentId: appointmentGid(appointmentId), idempotencyKey: crypto.randomUUID(), rideSource } } },
  );
  expect(body.errors).toBeUndefined();
  const id = body.data?.scheduleRide.id as string;
  return { id, vendorId: vendorRideIdOf(id), appointmentId };
}

const readStatus = async (rideId: string) => {
  const { body } = await gateway.graphql<{ ride: { status: string } }>(`query($id: ID!) { ride(id: $id) { status } }`, { variables: { id: rideId } });
  return body.data?.ride.status;
};

describe('ride webhooks', () => {
  it('refuses forged webhooks: wrong secret, no signature, tampered body', async () => {
    const ride = await bookRide('sandbox-lyft', 40);
    const { body } = await withheld(lyft(), () => lyft().advance(ride.vendorId, 'accepted'));
    expect((await postLyft(body, lyftSignature(body, 'not-the-secret'))).status).toBe(401);
    expect((await post('sandbox-lyft', body, {})).status).toBe(401);
    const tampered = body.replace('"accepted"', '"droppedOff"');
    expect((await postLyft(tampered, lyftSignature(body))).status).toBe(401);
    // An Uber-signed body is no Lyft webhook either.
    expect((await postLyft(body, uberSignature(body))).status).toBe(401);
    // The genuine one is still new: none of the forgeries was taken for it.
    expect((await postLyft(body)).body.outcome).toBe('applied');
    expect(await readStatus(ride.id)).toBe('DRIVER_ASSIGNED');
  });

  it('checks the signature over the raw bytes (whitespace and key order as sent)', async () => {
    const ride = await bookRide('sandbox-uber-health', 41);
    const { body } = await withheld(uber(), () => uber().advance(ride.vendorId, 'accepted'));
    const reformatted = JSON.stringify(JSON.parse(body), null, 2);
    expect((await postUber(reformatted, uberSignature(body))).status).toBe(401);
    expect((await postUber(reformatted)).body.outcome).toBe('applied');
  });

  it('refuses a genuinely signed Uber webhook from the other environment (X-Environment), with a log line and no PHI', async () => {
    const ride = await bookRide('sandbox-uber-health', 48);
    const { body } = await withheld(uber(), () => uber().advance(ride.vendorId, 'accepted'));
    expect(await postUber(body, uberSignature(body), 'production')).toEqual({ status: 401, body: { outcome: 'wrong-environment' } });
    expect((await post('sandbox-uber-health', body, { 'X-Uber-Signature': uberSignature(body) })).status).toBe(401);
    const refusals = gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['msg'] === 'ride webhook refused: wrong-environment');
    expect(refusals).toHaveLength(2);
    expect(refusals[0]).toMatchObject({ sourceId: 'sandbox-uber-health' });
    expect(JSON.stringify(refusals)).not.toMatch(new RegExp(`${ride.vendorId}|Rider|555`));
    // The same bytes from the right environment are still new: neither refusal was applied or recorded.
    expect((await postUber(body)).body.outcome).toBe('applied');
  });

  it('applies a duplicated webhook once and ignores a replay of an old one', async () => {
    const ride = await bookRide('sandbox-lyft', 42);
    const accepted = await withheld(lyft(), () => lyft().advance(ride.vendorId, 'accepted'));
    expect((await postLyft(accepted.body)).body.outcome).toBe('applied');
    expect((await postLyft(accepted.body)).body.outcome).toBe('duplicate');
    const arrived = await withheld(lyft(), () => lyft().advance(ride.vendorId, 'arrived'));
    expect((await postLyft(arrived.body)).body.outcome).toBe('applied');
    // A replay of the captured "accepted" event changes nothing.
    expect((await postLyft(accepted.body)).body.outcome).toBe('duplicate');
    expect(await readStatus(ride.id)).toBe('DRIVER_ARRIVED');
    // Re-signed with a fresh id but an old timestamp: outside the replay window.
    const old = JSON.parse(accepted.body) as Record<string, unknown>;
    const stale = JSON.stringify({ ...old, event_id: 'evt_replayed', occurred_at: new Date(Date.now() - 8 * 24 * 3600_000).toISOString() });
    expect((await postLyft(stale)).body.outcome).toBe('stale');
  });

  it('applies reordered webhooks in lifecycle order', async () => {
    const ride = await bookRide('sandbox-lyft', 43);
    const [accepted, arrived] = await withheld(lyft(), async () => [await lyft().advance(ride.vendorId, 'accepted'), await lyft().advance(ride.vendorId, 'arrived')]);
    expect((await postLyft(arrived.body)).body.outcome).toBe('applied');
    // The late "accepted" would be a step back: it changes nothing.
    expect((await postLyft(accepted.body)).body.outcome).toBe('unchanged');
    expect(await readStatus(ride.id)).toBe('DRIVER_ARRIVED');
  });

  it('never leaves a terminal state, whatever arrives after it', async () => {
    const ride = await bookRide('sandbox-uber-health', 44);
    const [inProgress] = await withheld(uber(), async () => [await uber().advance(ride.vendorId, 'in_progress'), await uber().advance(ride.vendorId, 'completed')]);
    const completed = await uber().advance(ride.vendorId, 'completed');
    expect(completed.status).toBe(200);
    expect((await postUber(inProgress.body)).body.outcome).toBe('unchanged');
    expect(await readStatus(ride.id)).toBe('COMPLETED');
  });

  it("tells Uber's re-dispatch (accepted -> processing) from a late delivery by asking the vendor", async () => {
    const ride = await bookRide('sandbox-uber-health', 45);
    const processing = await withheld(uber(), async () => {
      const early = await uber().advance(ride.vendorId, 'processing');
      await uber().advance(ride.vendorId, 'accepted');
      return early;
    });
    expect((await uber().advance(ride.vendorId, 'accepted')).status).toBe(200);
    // Late delivery: the vendor still says accepted, so the old "processing" is dropped.
    expect((await postUber(processing.body)).body.outcome).toBe('unchanged');
    expect(await readStatus(ride.id)).toBe('DRIVER_ASSIGNED');
    // Real re-dispatch: the driver dropped out and the vendor is back to finding one.
    const redispatched = await withheld(uber(), () => uber().advance(ride.vendorId, 'processing'));
    expect((await postUber(redispatched.body)).body.outcome).toBe('applied');
    expect(await readStatus(ride.id)).toBe('REQUESTED');
  });

  it('asks the vendor when a webhook carries a status it does not know', async () => {
    const ride = await bookRide('sandbox-lyft', 46);
    await withheld(lyft(), () => lyft().advance(ride.vendorId, 'accepted'));
    const unknown = await withheld(lyft(), () => lyft().advance(ride.vendorId, 'unknown'));
    // The vendor's ride is back at a known status by the time we ask.
    const detail = lyft().ride(ride.vendorId);
    if (detail) detail.status = 'accepted';
    expect((await postLyft(unknown.body)).body.outcome).toBe('applied');
    expect(await readStatus(ride.id)).toBe('DRIVER_ASSIGNED');
  });

  it('answers 404 for an unknown source and 202 for a ride it never booked', async () => {
    expect((await post('no-such-source', '{}', {})).status).toBe(404);
    const body = JSON.stringify({ event_id: 'evt-x', event_type: 'ride.status.updated', occurred_at: new Date().toISOString(), href: 'x', event: { ride_id: '999', status: 'accepted', ride_type: 'lyft' } });
    expect((await postLyft(body)).status).toBe(202);
  });

  it('catches lost webhooks in the reconciliation poll', async () => {
    const ride = await bookRide('sandbox-uber-health', 47);
    const updates = await subscribeSse<{ data: { rideUpdated: { status: string } } }>(gateway.url, await gateway.token('sandbox-internal'), SUBSCRIBE, { id: ride.id });
    try {
      expect((await updates.next()).data.rideUpdated.status).toBe('SCHEDULED');
      await withheld(uber(), () => uber().advance(ride.vendorId, 'accepted'));
      const rides = gateway.container.rides;
      if (!rides) throw new Error('no ride service');
      const report = await rides.reconciler.reconcile({ sourceId: 'sandbox-uber-health' });
      expect(report.updated).toBeGreaterThanOrEqual(1);
      expect(report.failed).toBe(0);
      // No webhook arrived and nobody read the ride: the poll found the change and published it.
      expect((await updates.next()).data.rideUpdated.status).toBe('DRIVER_ASSIGNED');
    } finally {
      await updates.close();
    }
  });

  it('cancels the ride of an appointment cancelled upstream: in the poll, and on the next read', async () => {
    const polled = await bookRide('sandbox-lyft', 48);
    await cancelAppointmentUpstream(simulators, polled.appointmentId);
    const rides = gateway.container.rides;
    if (!rides) throw new Error('no ride service');
    const report = await rides.reconciler.reconcile();
    expect(report.canceled).toBeGreaterThanOrEqual(1);
    expect(lyft().ride(polled.vendorId)?.status).toBe('canceled');
    const automatic = gateway.audit.find((event) => event.partnerId === 'caregate' && event.action === 'cancel' && event.resourceIds.includes(polled.id));
    expect(automatic?.outcome).toBe('success');

    // A driver already on the way: the fee is accepted, a stranded trip would cost more.
    const onRead = await bookRide('sandbox-lyft', 49);
    await lyft().advance(onRead.vendorId, 'accepted');
    await cancelAppointmentUpstream(simulators, onRead.appointmentId);
    const { body } = await gateway.graphql<{ ride: { status: string; statusReason: string } }>(`query($id: ID!) { ride(id: $id) { status statusReason } }`, {
      variables: { id: onRead.id },
    });
    expect(body.data?.ride).toEqual({ status: 'CANCELED', statusReason: 'CANCELED_BY_PARTNER' });
    expect(lyft().ride(onRead.vendorId)?.status).toBe('canceled');
  });
});
