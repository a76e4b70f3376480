import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/domain/global-id';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { addAppointment, LIVING_PATIENT } from '../helpers/rides';
import { withoutBenefitGate } from '../helpers/without-benefit-gate';

/**
 * The appointment worklist through the real gateway over HTTP, on the sandbox's coming week
 * (every living patient has booked appointments in the next days, made relative to the clock):
 * paging across patients, filters, range checks, and `needsRide` against rides booked here.
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({ simulators, adjustConfig: withoutBenefitGate });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

const DAY_MS = 24 * 3600 * 1000;
const weekFrom = new Date(Date.now()).toISOString();
const weekTo = new Date(Date.now() + 7 * DAY_MS).toISOString();
const tomorrow = Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS;

interface WorklistNode {
  id: string;
  start: string;
  status: string;
  patient?: { id: string } | null;
  location: { id: string; name: string } | null;
  practitioners?: { id: string }[];
}
interface WorklistPage {
  appointments: { edges: { node: WorklistNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number | null };
}

const WORKLIST = `query($filter: AppointmentFilter!, $first: Int, $after: String) {
  appointments(filter: $filter, first: $first, after: $after) {
    edges { node { id start status patient { id } location { id name } practitioners { id } } }
    pageInfo { hasNextPage endCursor } totalCount
  }
}`;
const RIDE_WORKLIST = `query($filter: AppointmentFilter!, $first: Int, $after: String) {
  appointments(filter: $filter, first: $first, after: $after) {
    edges { node { id start status location { id name } rides { id status } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Every page of a worklist, following endCursor. */
async function allPages(filter: Record<string, unknown>, first: number, options: { partner?: string; query?: string } = {}) {
  const pages: WorklistNode[][] = [];
  let after: string | null = null;
  do {
    const answer: { body: { data?: WorklistPage; errors?: unknown[] } } = await gateway.graphql<WorklistPage>(options.query ?? WORKLIST, {
      partner: options.partner ?? 'sandbox-internal',
      variables: { filter, first, after },
    });
    expect(answer.body.errors).toBeUndefined();
    const connection: WorklistPage['appointments'] = answer.body.data!.appointments;
    pages.push(connection.edges.map((edge) => edge.node));
    after = connection.pageInfo.endCursor;
    expect(connection.pageInfo.hasNextPage).toBe(after !== null);
  } while (after && pages.length < 50);
  return pages;
}

const errorOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions;

describe('appointments(filter:) worklist', () => {
  it('pages across patients through the coming week in start order, without duplicates', async () => {
    const pages = await allPages({ from: weekFrom, to: weekTo }, 5);
    const items = pages.flat();
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    const starts = items.map((item) => Date.parse(item.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts.every((start) => start >= Date.parse(weekFrom) && start < Date.parse(weekTo))).toBe(true);
    // Two per living patient (10), each read with its patient, location and practitioners batched per page.
    expect(items.filter((item) => item.status === 'booked').length).toBeGreaterThanOrEqual(20);
    expect(new Set(items.map((item) => item.patient?.id)).size).toBeGreaterThanOrEqual(10);
    expect(items.every((item) => item.location?.name && item.practitioners?.length)).toBe(true);
    const audited = gateway.audit.filter((event) => event.action === 'search' && event.resourceType === 'Appointment');
    expect(audited.flatMap((event) => event.resourceIds)).toEqual(expect.arrayContaining(items.map((item) => item.id)));
  });

  it('filters by location and by status', async () => {
    const week = (await allPages({ from: weekFrom, to: weekTo }, 100)).flat();
    const locationId = week[0]!.location!.id;
    const atLocation = (await allPages({ from: weekFrom, to: weekTo, locationIds: [locationId] }, 100)).flat();
    expect(atLocation.length).toBeGreaterThan(0);
    expect(atLocation.length).toBeLessThan(week.length);
    expect(atLocation.every((item) => item.location?.id === locationId)).toBe(true);

    const cancelledId = await addAppointment(simulators, { start: new Date(tomorrow + 20 * 3600_000).toISOString(), status: 'cancelled' });
    const cancelled = encodeGlobalId({ type: 'Appointment', sourceId: 'sandbox-ehr', localId: cancelledId });
    const onlyCancelled = (await allPages({ from: weekFrom, to: weekTo, status: ['cancelled'] }, 100)).flat();
    expect(onlyCancelled.map((item) => item.id)).toEqual([cancelled]);
    const booked = (await allPages({ from: weekFrom, to: weekTo, status: ['booked'] }, 100)).flat();
    expect(booked.map((item) => item.id)).not.toContain(cancelled);
    expect(booked.every((item) => item.status === 'booked')).toBe(true);
  });

  it('refuses a range over 31 days, an empty range, and ids of the wrong type, naming the field', async () => {
    const ask = (filter: Record<string, unknown>) => gateway.graphql(WORKLIST, { variables: { filter } });
    const tooWide = await ask({ from: '2030-01-01T00:00:00Z', to: '2030-02-01T00:00:01Z' });
    expect(errorOf(tooWide.body)).toMatchObject({ code: 'BAD_INPUT', details: { field: 'to' } });
    const backwards = await ask({ from: '2030-01-02T00:00:00Z', to: '2030-01-01T00:00:00Z' });
    expect(errorOf(backwards.body)).toMatchObject({ code: 'BAD_INPUT', details: { field: 'to' } });
    const notALocation = await ask({ from: weekFrom, to: weekTo, locationIds: [encodeGlobalId({ type: 'Patient', sourceId: 'sandbox-ehr', localId: LIVING_PATIENT })] });
    expect(errorOf(notALocation.body)).toMatchObject({ code: 'BAD_INPUT', details: { field: 'locationIds' } });
    const missingTo = await gateway.graphql(WORKLIST, { variables: { filter: { from: weekFrom } } });
    expect(errorOf(missingTo.body)?.['code']).toBe('BAD_INPUT');
    // Exactly 31 days is allowed.
    const month = await ask({ from: '2030-01-01T00:00:00Z', to: '2030-02-01T00:00:00Z' });
    expect(month.body.errors).toBeUndefined();
  });

  it('lets a ride partner list when and where, but not select by practitioner', async () => {
    const pages = await allPages({ from: weekFrom, to: weekTo }, 50, { partner: 'sandbox-rides', query: RIDE_WORKLIST });
    expect(pages.flat().length).toBeGreaterThanOrEqual(20);
    const practitioner = encodeGlobalId({ type: 'Practitioner', sourceId: 'sandbox-ehr', localId: 'x' });
    const { body } = await gateway.graphql(RIDE_WORKLIST, { partner: 'sandbox-rides', variables: { filter: { from: weekFrom, to: weekTo, practitionerIds: [practitioner] } } });
    expect(errorOf(body)).toMatchObject({ code: 'FORBIDDEN', details: { field: 'practitionerIds' } });
  });

  it('needsRide drops an appointment once a ride is booked for it, and Appointment.rides lists that ride', async () => {
    const tomorrowRange = { from: new Date(tomorrow).toISOString(), to: new Date(tomorrow + DAY_MS).toISOString(), needsRide: true };
    const before = (await allPages(tomorrowRange, 4, { partner: 'sandbox-rides', query: RIDE_WORKLIST })).flat();
    expect(before.length).toBeGreaterThanOrEqual(10);
    expect(before.every((item) => item.status === 'booked')).toBe(true);
    const chosen = before[0]!;
    const { body: booked } = await gateway.graphql<{ scheduleRide: { id: string; status: string } }>(
      'mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { id status } }',
      { partner: 'sandbox-rides', variables: { input: { appointmentId: chosen.id, idempotencyKey: `worklist-${crypto.randomUUID()}`, rideSource: 'sandbox-lyft' } } },
    );
    expect(booked.errors).toBeUndefined();
    const rideId = booked.data!.scheduleRide.id;

    const after = (await allPages(tomorrowRange, 4, { partner: 'sandbox-rides', query: RIDE_WORKLIST })).flat();
    expect(after.map((item) => item.id)).toEqual(before.filter((item) => item.id !== chosen.id).map((item) => item.id));
    const served = (await allPages({ ...tomorrowRange, needsRide: false }, 100, { partner: 'sandbox-rides', query: RIDE_WORKLIST })).flat();
    const withRide = served.find((item) => item.id === chosen.id) as (WorklistNode & { rides: { id: string; status: string }[] }) | undefined;
    expect(withRide?.rides).toEqual([{ id: rideId, status: 'SCHEDULED' }]);
    // Booked by anyone through the gateway: another partner's worklist drops it too.
    const internal = (await allPages(tomorrowRange, 100, { partner: 'sandbox-internal', query: RIDE_WORKLIST })).flat();
    expect(internal.map((item) => item.id)).not.toContain(chosen.id);
  });

  it('answers a foreign or patients cursor BAD_INPUT', async () => {
    const { body } = await gateway.graphql<{ patients: { pageInfo: { endCursor: string | null } } }>('{ patients(search: { birthDate: "1927-05-21" }, first: 1) { pageInfo { endCursor } } }');
    const patientsCursor = body.data!.patients.pageInfo.endCursor;
    expect(patientsCursor).not.toBeNull();
    const reused = await gateway.graphql(WORKLIST, { variables: { filter: { from: weekFrom, to: weekTo }, after: patientsCursor } });
    expect(errorOf(reused.body)).toMatchObject({ code: 'BAD_INPUT', details: { field: 'after' } });
    const page = await gateway.graphql<WorklistPage>(WORKLIST, { variables: { filter: { from: weekFrom, to: weekTo }, first: 2 } });
    const cursor = page.body.data!.appointments.pageInfo.endCursor;
    const foreign = await gateway.graphql(RIDE_WORKLIST, { partner: 'sandbox-rides', variables: { filter: { from: weekFrom, to: weekTo }, after: cursor } });
    expect(errorOf(foreign.body)).toMatchObject({ code: 'BAD_INPUT', details: { field: 'after' } });
  });
});
