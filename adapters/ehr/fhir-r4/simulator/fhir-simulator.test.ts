import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bundle, CapabilityStatement, Coverage, Location, OperationOutcome } from '@medplum/fhirtypes';
import { createFhirSimulator, readSandboxResources, SANDBOX_PAYER_ID_SYSTEM, sandboxPayers, startFhirSimulator, type StartedFhirSimulator } from './index';

// The simulator speaks FHIR R4 over HTTP the way a strict real server does.
const UPTON = '79a66c97-6131-3213-f3c9-4606946ab056';

let sim: StartedFhirSimulator;
beforeAll(async () => {
  sim = await startFhirSimulator({ defaultPageSize: 5 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.faults.reset();
  sim.requestLog.clear();
});

const get = async <T>(pathOrUrl: string, headers: Record<string, string> = {}) => {
  const response = await fetch(pathOrUrl.startsWith('http') ? pathOrUrl : `${sim.url}${pathOrUrl}`, { headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
};
const nextLink = (bundle: Bundle) => bundle.link?.find((link) => link.relation === 'next')?.url;

describe('FHIR interactions', () => {
  it('answers /metadata with a CapabilityStatement of the served types', async () => {
    const { status, headers, body } = await get<CapabilityStatement>('/metadata');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/fhir+json');
    expect(body.fhirVersion).toBe('4.0.1');
    expect(body.rest?.[0]?.resource?.map((resource) => resource.type)).toEqual(expect.arrayContaining(['Patient', 'Appointment', 'Coverage']));
  });

  it('reads by id and answers 404 with an OperationOutcome for unknown ids and types', async () => {
    expect((await get<{ id: string }>(`/Patient/${UPTON}`)).body.id).toBe(UPTON);
    const missing = await get<OperationOutcome>('/Patient/does-not-exist');
    expect(missing.status).toBe(404);
    expect(missing.body.issue[0]?.code).toBe('not-found');
    expect((await get<OperationOutcome>('/Observation/1')).status).toBe(404);
  });

  it('answers 400 for unknown search parameters, bad values and bad page tokens', async () => {
    for (const query of ['foo=bar', 'birthdate=not-a-date', '_count=-1', '_page_token=garbage', '_include=Patient:nope']) {
      const { status, body } = await get<OperationOutcome>(`/Patient?${query}`);
      expect(status, query).toBe(400);
      expect(body.resourceType).toBe('OperationOutcome');
    }
  });

  it('pages with absolute next links carrying an opaque token', async () => {
    const seen: string[] = [];
    let page = (await get<Bundle>('/Patient?gender=female&_count=4')).body;
    expect(page.total).toBe(9);
    for (;;) {
      seen.push(...(page.entry ?? []).map((entry) => entry.resource?.id ?? ''));
      const next = nextLink(page);
      if (!next) break;
      expect(next.startsWith(`${sim.url}/Patient?_page_token=`)).toBe(true);
      page = (await get<Bundle>(next)).body;
    }
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    expect(sim.requestLog.count({ resourceType: 'Patient', interaction: 'search' })).toBe(3);
  });

  it('applies the default page size and caps _count', async () => {
    expect((await get<Bundle>('/Practitioner')).body.entry).toHaveLength(5);
    expect((await get<Bundle>('/Practitioner?_count=1000')).body.entry).toHaveLength(43);
  });

  it('searches by _id lists, bare-id references, date prefixes and status', async () => {
    const byIds = (await get<Bundle>(`/Patient?_id=${UPTON},nope`)).body;
    expect(byIds.entry?.map((entry) => entry.resource?.id)).toEqual([UPTON]);
    const appts = (await get<Bundle>(`/Appointment?patient=${UPTON}&date=ge2029-01-01&date=le2031-01-01&status=booked`)).body;
    expect(appts.total).toBe(1);
    expect((await get<Bundle>(`/Coverage?beneficiary=${UPTON}`)).body.total).toBe(1);
  });

  it('adds _include targets with search.mode=include', async () => {
    const bundle = (await get<Bundle>(`/Appointment?patient=Patient/${UPTON}&_include=Appointment:location`)).body;
    const modes = bundle.entry?.map((entry) => `${entry.search?.mode}:${entry.resource?.resourceType}`) ?? [];
    expect(modes.filter((mode) => mode === 'match:Appointment')).toHaveLength(4);
    expect(modes.filter((mode) => mode === 'include:Location').length).toBeGreaterThan(0);
    expect(bundle.total).toBe(4);
  });
});

describe('in-process use', () => {
  it('serves the same FHIR API through its fetch handler, links on the request origin', async () => {
    const inProcess = createFhirSimulator({ basePath: '/ehr', defaultPageSize: 2 });
    const response = await inProcess.handler(new Request('http://sandbox.invalid/ehr/Patient?birthdate=1927-05-21'));
    const bundle = (await response.json()) as Bundle;
    expect(bundle.total).toBe(3);
    expect(nextLink(bundle)?.startsWith('http://sandbox.invalid/ehr/Patient?_page_token=')).toBe(true);
    expect(inProcess.requestLog.count({ interaction: 'search' })).toBe(1);
  });
});

describe('faults and request log', () => {
  it('serves queued faults in order, then recovers', async () => {
    sim.faults.rateLimit(1, 7);
    sim.faults.httpError(1, 502);
    const limited = await fetch(`${sim.url}/Patient/${UPTON}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await fetch(`${sim.url}/Patient/${UPTON}`)).status).toBe(502);
    expect((await fetch(`${sim.url}/Patient/${UPTON}`)).status).toBe(200);
    expect(sim.requestLog.filter({ resourceType: 'Patient' }).map((entry) => entry.status)).toEqual([429, 502, 200]);
  });

  it('requires a bearer token when asked to, but keeps /metadata public', async () => {
    sim.faults.requireBearer('t0ken');
    expect((await fetch(`${sim.url}/Patient/${UPTON}`)).status).toBe(401);
    expect((await get(`/Patient/${UPTON}`, { authorization: 'Bearer t0ken' })).status).toBe(200);
    expect((await fetch(`${sim.url}/metadata`)).status).toBe(200);
  });

  it('adds an informational OperationOutcome entry to search bundles', async () => {
    sim.faults.informationalOutcome(true);
    const bundle = (await get<Bundle>(`/Patient?_id=${UPTON}`)).body;
    expect(bundle.entry?.map((entry) => entry.resource?.resourceType)).toEqual(['Patient', 'OperationOutcome']);
  });

  it('logs method, path, interaction, type and repeated query parameters', async () => {
    await fetch(`${sim.url}/Appointment?patient=${UPTON}&date=ge2020-01-01&date=le2021-01-01`);
    expect(sim.requestLog.entries[0]).toMatchObject({
      method: 'GET',
      path: '/fhir/R4/Appointment',
      interaction: 'search',
      resourceType: 'Appointment',
      query: { patient: [UPTON], date: ['ge2020-01-01', 'le2021-01-01'] },
      status: 200,
    });
    expect(sim.requestLog.count({ interaction: 'read' })).toBe(0);
    sim.requestLog.clear();
    expect(sim.requestLog.count()).toBe(0);
  });
});

describe('sandbox data', () => {
  const resources = readSandboxResources();

  it('gives every Location an address and a time zone', () => {
    const locations = resources.filter((resource): resource is Location => resource.resourceType === 'Location');
    expect(locations.length).toBeGreaterThan(40);
    for (const location of locations) {
      expect(location.address?.line?.length, location.id).toBeGreaterThan(0);
      expect(location.extension?.find((ext) => ext.url.endsWith('/timezone'))?.valueCode).toBe('America/Chicago');
    }
  });

  it('gives every Coverage a routable payer id from the one mapping', () => {
    const coverages = resources.filter((resource): resource is Coverage => resource.resourceType === 'Coverage');
    expect(coverages).toHaveLength(18);
    const payerIds = new Set(sandboxPayers.map((payer) => payer.id));
    for (const coverage of coverages) {
      expect(coverage.payor[0]?.identifier?.system).toBe(SANDBOX_PAYER_ID_SYSTEM);
      expect(payerIds.has(coverage.payor[0]?.identifier?.value ?? '')).toBe(true);
    }
  });

  it('resolves every Appointment participant to a served resource', async () => {
    const appointments = resources.filter((resource) => resource.resourceType === 'Appointment');
    const refs = new Set(appointments.flatMap((appt) => (appt.resourceType === 'Appointment' ? appt.participant : []).map((p) => p.actor?.reference ?? '')));
    for (const ref of refs) expect((await fetch(`${sim.url}/${ref}`)).status, ref).toBe(200);
  });
});

describe('the coming week of the sandbox data', () => {
  it('books every living patient tomorrow and once more within the week, relative to the simulator clock', async () => {
    const now = Date.parse('2031-03-10T20:00:00Z');
    const sim = createFhirSimulator({ now: () => now });
    await sim.ready;
    const response = await sim.handler(new Request('http://sim/fhir/R4/Appointment?date=ge2031-03-10T20:00:00Z&date=lt2031-03-17T20:00:00Z&_count=100&_sort=date'));
    const bundle = (await response.json()) as { entry?: { resource: { id: string; status: string; start: string; participant: { actor?: { reference?: string } }[] } }[] };
    const week = (bundle.entry ?? []).map((entry) => entry.resource);
    expect(week).toHaveLength(20);
    expect(week.every((appointment) => appointment.status === 'booked' && appointment.id.startsWith('week-20310310-'))).toBe(true);
    const patients = (day: string) => new Set(week.filter((a) => a.start.startsWith(day)).map((a) => a.participant[0]?.actor?.reference));
    expect(patients('2031-03-11').size).toBe(10);
    const locations = new Set(week.map((a) => a.participant.find((p) => p.actor?.reference?.startsWith('Location/'))?.actor?.reference));
    expect(locations.size).toBe(3);
  });
});
