import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { describeWithRedis } from '../helpers/redis';
import { withoutBenefitGate } from '../helpers/without-benefit-gate';
import { SANDBOX_BOOKED_APPOINTMENT, appointmentGid } from '../helpers/rides';

/**
 * rides(filter:) is a range read of the Store's per-partner index: two gateway instances on
 * one Redis list the same rides, whichever of them booked; only the partner that booked sees them.
 */
await describeWithRedis('rides(filter:) across two instances sharing Redis', ({ url, namespace }) => {
  let simulators: SandboxSimulators;
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    simulators = await startSandboxSimulators();
    const start = () => startTestGateway({ simulators, env: { REDIS_URL: url, REDIS_NAMESPACE: namespace }, adjustConfig: withoutBenefitGate });
    [a, b] = await Promise.all([start(), start()]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await simulators?.close();
  });

  const DAY_MS = 24 * 3600 * 1000;
  const tomorrow = Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS;

  interface RideNode {
    id: string;
    status: string;
    pickupAt: string;
    source: { id: string };
    appointment: { id: string };
  }
  interface RidesPage {
    rides: { edges: { node: RideNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  }
  const RIDES = `query($filter: RideFilter, $first: Int, $after: String) {
    rides(filter: $filter, first: $first, after: $after) { edges { node { id status pickupAt source { id } appointment { id } } } pageInfo { hasNextPage endCursor } }
  }`;

  const book = async (gateway: TestGateway, appointmentId: string, rideSource: string) => {
    const { body } = await gateway.graphql<{ scheduleRide: { id: string } }>('mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { id } }', {
      partner: 'sandbox-rides',
      variables: { input: { appointmentId, rideSource, idempotencyKey: `list-${crypto.randomUUID()}` } },
    });
    expect(body.errors).toBeUndefined();
    return body.data!.scheduleRide.id;
  };

  /** Tomorrow's worklist of appointments needing a ride, as the ride partner sees it. */
  const needingRides = async (gateway: TestGateway) => {
    const { body } = await gateway.graphql<{ appointments: { edges: { node: { id: string } }[] } }>(
      'query($filter: AppointmentFilter!) { appointments(filter: $filter, first: 100) { edges { node { id } } } }',
      { partner: 'sandbox-rides', variables: { filter: { from: new Date(tomorrow).toISOString(), to: new Date(tomorrow + DAY_MS).toISOString(), needsRide: true } } },
    );
    expect(body.errors).toBeUndefined();
    return body.data!.appointments.edges.map((edge) => edge.node.id);
  };

  const allRides = async (gateway: TestGateway, filter: Record<string, unknown>, first: number, partner = 'sandbox-rides') => {
    const nodes: RideNode[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const answer: { body: { data?: RidesPage; errors?: unknown[] } } = await gateway.graphql<RidesPage>(RIDES, { partner, variables: { filter, first, after } });
      expect(answer.body.errors).toBeUndefined();
      const connection: RidesPage['rides'] = answer.body.data!.rides;
      nodes.push(...connection.edges.map((edge) => edge.node));
      after = connection.pageInfo.endCursor;
      pages++;
    } while (after && pages < 20);
    return { nodes, pages };
  };

  it('lists on the second instance the ride booked on the first; needsRide agrees there too', async () => {
    const [appointmentId] = await needingRides(a);
    expect(appointmentId).toBeDefined();
    const rideId = await book(a, appointmentId!, 'sandbox-lyft');

    const { nodes } = await allRides(b, { status: ['SCHEDULED'] }, 20);
    expect(nodes.map((node) => node.id)).toContain(rideId);
    expect(nodes.find((node) => node.id === rideId)).toMatchObject({ status: 'SCHEDULED', source: { id: 'sandbox-lyft' }, appointment: { id: appointmentId } });
    expect(await needingRides(b)).not.toContain(appointmentId);
    const audited = b.audit.filter((event) => event.action === 'search' && event.resourceType === 'Ride');
    expect(audited.flatMap((event) => event.resourceIds)).toContain(rideId);
  });

  it('pages in pickup order and filters by appointment, ride source, status and pickup range', async () => {
    const targets = (await needingRides(a)).slice(0, 3);
    expect(targets).toHaveLength(3);
    const uberRide = await book(a, targets[0]!, 'sandbox-uber-health');
    const lyftRides = [await book(b, targets[1]!, 'sandbox-lyft'), await book(a, targets[2]!, 'sandbox-lyft')];
    const farRide = await book(b, appointmentGid(SANDBOX_BOOKED_APPOINTMENT), 'sandbox-lyft');

    const { nodes, pages } = await allRides(a, {}, 2);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(nodes.map((node) => node.id)).size).toBe(nodes.length);
    const pickups = nodes.map((node) => Date.parse(node.pickupAt));
    expect(pickups).toEqual([...pickups].sort((x, y) => x - y));
    expect(nodes.map((node) => node.id)).toEqual(expect.arrayContaining([uberRide, ...lyftRides, farRide]));

    const byAppointment = await allRides(b, { appointmentId: targets[1] }, 20);
    expect(byAppointment.nodes.map((node) => node.id)).toEqual([lyftRides[0]]);
    const bySource = await allRides(b, { rideSource: 'sandbox-uber-health' }, 20);
    expect(bySource.nodes.map((node) => node.id)).toEqual([uberRide]);
    const thisWeek = await allRides(b, { pickupFrom: new Date().toISOString(), pickupTo: new Date(Date.now() + 8 * DAY_MS).toISOString() }, 20);
    expect(thisWeek.nodes.map((node) => node.id)).not.toContain(farRide);
    expect(thisWeek.nodes.map((node) => node.id)).toEqual(expect.arrayContaining([uberRide, ...lyftRides]));

    const { body: cancelled } = await b.graphql('mutation($input: CancelRideInput!) { cancelRide(input: $input) { id status } }', { partner: 'sandbox-rides', variables: { input: { rideId: uberRide } } });
    expect(cancelled.errors).toBeUndefined();
    expect((await allRides(a, { status: ['SCHEDULED'] }, 20)).nodes.map((node) => node.id)).not.toContain(uberRide);
    expect((await allRides(a, { status: ['CANCELED'] }, 20)).nodes.map((node) => node.id)).toEqual([uberRide]);
    // Cancelled: the appointment needs a ride again.
    expect(await needingRides(b)).toContain(targets[0]);
  });

  it('shows a partner only the rides it booked, and refuses a cursor of another partner', async () => {
    const mine = await allRides(a, {}, 100);
    expect(mine.nodes.length).toBeGreaterThan(0);
    const theirs = await allRides(b, {}, 100, 'sandbox-internal');
    expect(theirs.nodes).toEqual([]);
    const { body } = await a.graphql<RidesPage>(RIDES, { partner: 'sandbox-rides', variables: { first: 1 } });
    const cursor = body.data!.rides.pageInfo.endCursor;
    expect(cursor).not.toBeNull();
    const foreign = await b.graphql(RIDES, { partner: 'sandbox-internal', variables: { first: 1, after: cursor } });
    expect(foreign.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', details: { field: 'after' } });
    const unknownSource = await b.graphql(RIDES, { partner: 'sandbox-rides', variables: { filter: { rideSource: 'sandbox-nowhere' } } });
    expect(unknownSource.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});
