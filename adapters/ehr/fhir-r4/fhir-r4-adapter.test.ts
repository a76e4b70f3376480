import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectGatewayError, sandboxIds, startAdapterFixture, type AdapterFixture } from '../../../test/helpers/fhir-adapter-fixture';
import { SANDBOX_PAYER_ID_SYSTEM } from './simulator';

// Reads, batching, searches and paging of the FHIR R4 adapter against the simulator over HTTP.
const UPTON = '79a66c97-6131-3213-f3c9-4606946ab056'; // deceased (deceasedDateTime), 4 appointments
const CHAMPLIN = '7bc002fa-dc52-17d6-1563-fd8901826f7d'; // living
const UPTON_FUTURE_APPT = 'b846d560-818c-0ba7-4e70-0f1a2599d44a';
const UPTON_LOCATION = 'e905bbc1-bb1d-3d86-a49d-954a306b53a1';
const UPTON_PRACTITIONER = 'ced1b258-a823-3ae1-8ea6-04754338ac9d';

let fx: AdapterFixture;
beforeAll(async () => {
  fx = await startAdapterFixture();
});
afterAll(async () => {
  await fx.sim.close();
});
beforeEach(() => {
  fx.sim.faults.reset();
  fx.sim.requestLog.clear();
  fx.events.length = 0;
  fx.waits.length = 0;
});

describe('batched reads', () => {
  it('maps patients, including deceased from deceasedDateTime and address geolocation', async () => {
    const patients = await fx.adapter.getPatients([UPTON, CHAMPLIN]);
    const upton = patients.get(UPTON);
    expect(upton).toMatchObject({ sourceId: 'test-ehr', localId: UPTON, birthDate: '1927-05-21', gender: 'female', deceased: true });
    expect(upton?.names[0]).toMatchObject({ family: 'Upton904', given: ['Marine542', 'Ai120'] });
    expect(upton?.identifiers).toContainEqual(expect.objectContaining({ system: 'http://hospital.smarthealthit.org', type: 'MR' }));
    expect(upton?.addresses[0]?.latitude).toEqual(expect.any(Number));
    expect(patients.get(CHAMPLIN)?.deceased).toBe(false);
  });

  it('reads 20 practitioners with exactly one upstream `_id` search', async () => {
    const ids = sandboxIds('Practitioner').slice(0, 20);
    expect(ids).toHaveLength(20);
    const practitioners = await fx.adapter.getPractitioners(ids);
    expect([...practitioners.keys()].sort()).toEqual([...ids].sort());
    expect(fx.sim.requestLog.count({ resourceType: 'Practitioner' })).toBe(1);
    const [request] = fx.sim.requestLog.filter({ resourceType: 'Practitioner' });
    expect(request?.interaction).toBe('search');
    expect(request?.query._id?.[0]?.split(',')).toHaveLength(20);
  });

  it('splits more than 50 ids into chunks of at most 50', async () => {
    const ids = [...sandboxIds('Practitioner'), ...Array.from({ length: 20 }, (_, i) => `missing-${i}`)];
    expect(ids.length).toBeGreaterThan(50);
    const practitioners = await fx.adapter.getPractitioners(ids);
    expect(practitioners.size).toBe(sandboxIds('Practitioner').length);
    const searches = fx.sim.requestLog.filter({ resourceType: 'Practitioner' });
    expect(searches).toHaveLength(2);
    for (const search of searches) expect(search.query._id?.[0]?.split(',').length).toBeLessThanOrEqual(50);
  });

  it('leaves unknown ids out of the map and never sends ids that cannot be FHIR ids', async () => {
    const patients = await fx.adapter.getPatients([UPTON, 'no-such-patient', 'a,b', 'x&_id=y']);
    expect([...patients.keys()]).toEqual([UPTON]);
    expect(fx.sim.requestLog.filter({ resourceType: 'Patient' })[0]?.query._id).toEqual([`${UPTON},no-such-patient`]);
  });

  it('makes no request for an empty id list', async () => {
    expect((await fx.adapter.getLocations([])).size).toBe(0);
    expect(fx.sim.requestLog.count()).toBe(0);
  });

  it('maps appointments, practitioners, locations and coverages', async () => {
    const appointment = (await fx.adapter.getAppointments([UPTON_FUTURE_APPT])).get(UPTON_FUTURE_APPT);
    expect(appointment).toMatchObject({
      status: 'booked',
      start: '2030-01-15T09:00:00-05:00',
      patientId: UPTON,
      practitionerIds: [UPTON_PRACTITIONER],
      locationIds: [UPTON_LOCATION],
    });
    const location = (await fx.adapter.getLocations([UPTON_LOCATION])).get(UPTON_LOCATION);
    expect(location?.address?.city).toBeTruthy();
    expect(location?.address?.latitude).toEqual(expect.any(Number));
    expect(location?.timeZone).toBe('America/Chicago');
    const practitioner = (await fx.adapter.getPractitioners([UPTON_PRACTITIONER])).get(UPTON_PRACTITIONER);
    expect(practitioner?.identifiers[0]?.system).toBe('http://hl7.org/fhir/sid/us-npi');

    const coverageId = sandboxIds('Coverage')[0] ?? '';
    const coverage = (await fx.adapter.getCoverages([coverageId])).get(coverageId);
    expect(coverage).toMatchObject({ status: 'active', payerName: 'Synthetic Health Plan', payerId: 'SANDBOX-PAYER-1' });
    expect(coverage?.memberId).toMatch(/^M[0-9A-F]{8}$/);
    expect(coverage?.beneficiaryId).toEqual(expect.any(String));
    expect(coverage?.period?.start).toBe('2024-01-01');
    expect(coverage?.relationship).toBe('self');
  });

  it('maps wire variants: deceasedBoolean, absolute references, member id from identifier, payer identifier', async () => {
    await fx.sim.simulator.load([
      // `as never`: a vendor element outside the FHIR types, which the adapter must tolerate.
      { resourceType: 'Patient', id: 'variant-patient', deceasedBoolean: true, unknownVendorField: { x: 1 } } as never,
      {
        resourceType: 'Appointment',
        id: 'variant-appt',
        status: 'booked',
        participant: [
          { actor: { reference: `${fx.sim.url}/Patient/variant-patient` }, status: 'accepted' },
          { actor: { reference: 'Practitioner/p-1/_history/3' }, status: 'accepted' },
          { actor: { reference: '#contained' }, status: 'accepted' },
        ],
      },
      {
        resourceType: 'Coverage',
        id: 'variant-coverage',
        status: 'active',
        identifier: [{ value: 'OTHER' }, { type: { coding: [{ code: 'MB' }] }, value: 'MEMBER-7' }],
        beneficiary: { reference: 'Patient/variant-patient' },
        payor: [{ display: 'Other Plan' }, { display: 'Routed Plan', identifier: { system: SANDBOX_PAYER_ID_SYSTEM, value: 'PAYER-9' } }],
        class: [{ type: { coding: [{ code: 'group' }] }, value: 'GRP-1' }],
      },
    ]);
    expect((await fx.adapter.getPatients(['variant-patient'])).get('variant-patient')?.deceased).toBe(true);
    expect((await fx.adapter.getAppointments(['variant-appt'])).get('variant-appt')).toMatchObject({
      patientId: 'variant-patient',
      practitionerIds: ['p-1'],
      locationIds: [],
    });
    expect((await fx.adapter.getCoverages(['variant-coverage'])).get('variant-coverage')).toMatchObject({
      memberId: 'MEMBER-7',
      payerId: 'PAYER-9',
      payerName: 'Routed Plan',
      groupNumber: 'GRP-1',
    });
  });
});

describe('patient search', () => {
  it('searches by birth date and pages with cursors built from the next link', async () => {
    const first = await fx.adapter.searchPatients({ birthDate: '1927-05-21' }, 2, null);
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(first.nextCursor).not.toContain('http'); // opaque to partners
    const second = await fx.adapter.searchPatients({ birthDate: '1927-05-21' }, 2, first.nextCursor);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = new Set([...first.items, ...second.items].map((patient) => patient.localId));
    expect(ids.size).toBe(3);
    for (const patient of [...first.items, ...second.items]) expect(patient.birthDate).toBe('1927-05-21');
    // The second request is the server's own next link, followed as given.
    expect(fx.sim.requestLog.entries[1]?.query._page_token).toHaveLength(1);
  });

  it('sends identifier, family and given as FHIR search parameters', async () => {
    const page = await fx.adapter.searchPatients({ family: 'Upton904', given: 'Marine542' }, 10, null);
    expect(page.items.map((patient) => patient.localId)).toEqual([UPTON]);
    expect(fx.sim.requestLog.entries[0]?.query).toMatchObject({ family: ['Upton904'], given: ['Marine542'], _count: ['10'] });
    const mrn = page.items[0]?.identifiers.find((item) => item.type === 'MR')?.value ?? '';
    const byMrn = await fx.adapter.searchPatients({ identifier: `http://hospital.smarthealthit.org|${mrn}` }, 10, null);
    expect(byMrn.items.map((patient) => patient.localId)).toEqual([UPTON]);
  });

  it('caps the page size at the configured pageSize', async () => {
    const small = fx.makeAdapter({ pageSize: 2 });
    const page = await small.searchPatients({ birthDate: '1927-05-21' }, 500, null);
    expect(page.items).toHaveLength(2);
    expect(fx.sim.requestLog.entries[0]?.query._count).toEqual(['2']);
  });

  it('refuses empty searches and malformed birth dates without calling upstream', async () => {
    await expectGatewayError(fx.adapter.searchPatients({}, 10, null), 'BAD_INPUT');
    const error = await expectGatewayError(fx.adapter.searchPatients({ birthDate: '21/05/1927' }, 10, null), 'BAD_INPUT');
    expect(error.message).not.toContain('1927');
    expect(fx.sim.requestLog.count()).toBe(0);
  });

  it('drops `_include`d entries and OperationOutcome notes from results', async () => {
    await fx.sim.simulator.load([
      { resourceType: 'Patient', id: 'linked-a', name: [{ family: 'Includetest' }], link: [{ other: { reference: 'Patient/linked-b' }, type: 'seealso' }] },
      { resourceType: 'Patient', id: 'linked-b', name: [{ family: 'Other' }] },
    ]);
    fx.sim.faults.includeEntries(true);
    fx.sim.faults.informationalOutcome(true);
    const page = await fx.adapter.searchPatients({ family: 'Includetest' }, 10, null);
    expect(page.items.map((patient) => patient.localId)).toEqual(['linked-a']);
    // The bundle really did carry the extra entries.
    const raw = (await (await fetch(`${fx.sim.url}/Patient?family=Includetest`)).json()) as { entry: { search: { mode: string } }[] };
    expect(raw.entry.map((entry) => entry.search.mode).sort()).toEqual(['include', 'match', 'outcome']);
  });
});

describe('appointment search', () => {
  it('returns all appointments of a patient across pages, in start order', async () => {
    const paged = fx.makeAdapter({ pageSize: 1 });
    const appointments = await paged.searchAppointments({ patientIds: [UPTON] }).then((byPatient) => byPatient.get(UPTON) ?? []);
    expect(appointments).toHaveLength(4);
    expect(appointments.map((appt) => appt.start)).toEqual([...appointments.map((appt) => appt.start)].sort());
    const requests = fx.sim.requestLog.filter({ resourceType: 'Appointment' });
    expect(requests).toHaveLength(4);
    expect(requests.slice(1).every((request) => request.query._page_token !== undefined)).toBe(true);
  });

  it('sends date=ge/le prefixes and status lists', async () => {
    const future = await fx.adapter.searchAppointments({ patientIds: [UPTON], from: '2029-01-01', to: '2031-12-31T23:59:59Z' }).then((byPatient) => byPatient.get(UPTON) ?? []);
    expect(future.map((appt) => appt.localId)).toEqual([UPTON_FUTURE_APPT]);
    expect(fx.sim.requestLog.entries[0]?.query.date).toEqual(['ge2029-01-01', 'le2031-12-31T23:59:59Z']);
    expect(fx.sim.requestLog.entries[0]?.query.patient).toEqual([`Patient/${UPTON}`]);

    const past = await fx.adapter.searchAppointments({ patientIds: [UPTON], to: '2000-01-01', status: ['fulfilled', 'cancelled'] }).then((byPatient) => byPatient.get(UPTON) ?? []);
    expect(past.map((appt) => appt.status).sort()).toEqual(['cancelled', 'fulfilled', 'fulfilled']);
    expect(fx.sim.requestLog.entries[1]?.query.status).toEqual(['fulfilled,cancelled']);
  });

  it('stops after maxPages', async () => {
    const bounded = fx.makeAdapter({ pageSize: 1, maxPages: 2 });
    expect(await bounded.searchAppointments({ patientIds: [UPTON] }).then((byPatient) => byPatient.get(UPTON) ?? [])).toHaveLength(2);
    expect(fx.sim.requestLog.count({ resourceType: 'Appointment' })).toBe(2);
  });

  it('refuses malformed dates and statuses; an impossible patient id matches nothing', async () => {
    await expectGatewayError(fx.adapter.searchAppointments({ patientIds: [UPTON], from: 'yesterday' }).then((byPatient) => byPatient.get(UPTON) ?? []), 'BAD_INPUT');
    await expectGatewayError(fx.adapter.searchAppointments({ patientIds: [UPTON], status: ['booked,x'] }).then((byPatient) => byPatient.get(UPTON) ?? []), 'BAD_INPUT');
    expect(await fx.adapter.searchAppointments({ patientIds: ['../Patient'] }).then((byPatient) => byPatient.get('../Patient') ?? [])).toEqual([]);
    expect(fx.sim.requestLog.count()).toBe(0);
  });
});

describe('coverages by patients', () => {
  it('groups coverages by beneficiary in one search, with an entry for every patient asked about', async () => {
    const grouped = await fx.adapter.searchCoveragesByPatients([UPTON, CHAMPLIN, 'nobody']);
    expect(grouped.get(UPTON)).toHaveLength(1);
    expect(grouped.get(CHAMPLIN)?.[0]?.beneficiaryId).toBe(CHAMPLIN);
    expect(grouped.get('nobody')).toEqual([]);
    expect(fx.sim.requestLog.count({ resourceType: 'Coverage' })).toBe(1);
    expect(fx.sim.requestLog.entries[0]?.query.beneficiary).toEqual([`Patient/${UPTON},Patient/${CHAMPLIN},Patient/nobody`]);
  });
});

describe('ping and request events', () => {
  it('pings GET /metadata', async () => {
    expect(await fx.adapter.ping()).toBe(true);
    expect(fx.sim.requestLog.count({ interaction: 'metadata' })).toBe(1);
    fx.sim.faults.httpError(1, 503);
    expect(await fx.adapter.ping()).toBe(false);
  });

  it('reports each attempt without URLs or search values', async () => {
    await fx.adapter.searchPatients({ family: 'Upton904' }, 10, null);
    expect(fx.events).toEqual([
      { sourceId: 'test-ehr', resourceType: 'Patient', interaction: 'search', status: 200, durationMs: expect.any(Number), error: null },
    ]);
    expect(JSON.stringify(fx.events)).not.toContain('Upton');
  });
});

describe('appointment worklist search', () => {
  const january2030 = { from: '2030-01-01T00:00:00Z', to: '2030-02-01T00:00:00Z', status: ['booked'] };

  it('searches across patients in start order and pages by the server’s next link', async () => {
    const seen: { localId: string; start: string | null; patientId: string | null }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof fx.adapter.searchAppointmentWorklist>> = await fx.adapter.searchAppointmentWorklist(january2030, 5, cursor);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    // One booked 2030-01-15 appointment per sandbox patient (13), living or not.
    expect(pages).toBe(3);
    expect(seen).toHaveLength(13);
    expect(new Set(seen.map((a) => a.patientId)).size).toBe(13);
    const starts = seen.map((a) => Date.parse(a.start ?? ''));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const [first] = fx.sim.requestLog.filter({ resourceType: 'Appointment' });
    expect(first?.query).toMatchObject({ date: ['ge2030-01-01T00:00:00Z', 'lt2030-02-01T00:00:00Z'], status: ['booked'], _sort: ['date'], _count: ['5'] });
  });

  it('filters by location and practitioner (actor, an OR over the list)', async () => {
    const page = await fx.adapter.searchAppointmentWorklist({ ...january2030, locationIds: [UPTON_LOCATION], practitionerIds: [UPTON_PRACTITIONER, 'someone-else'] }, 50, null);
    expect(page.items.map((a) => a.localId)).toContain(UPTON_FUTURE_APPT);
    expect(page.items.every((a) => a.locationIds.includes(UPTON_LOCATION) && a.practitionerIds.includes(UPTON_PRACTITIONER))).toBe(true);
    expect(fx.sim.requestLog.filter({ resourceType: 'Appointment' })[0]?.query).toMatchObject({
      location: [`Location/${UPTON_LOCATION}`],
      actor: [`Practitioner/${UPTON_PRACTITIONER},Practitioner/someone-else`],
    });
  });

  it('refuses ids and dates that would change the query, before calling the server', async () => {
    const badLocation = await expectGatewayError(fx.adapter.searchAppointmentWorklist({ ...january2030, locationIds: ['a,b'] }, 5, null), 'BAD_INPUT');
    expect(badLocation.details).toMatchObject({ field: 'locationIds' });
    const badFrom = await expectGatewayError(fx.adapter.searchAppointmentWorklist({ ...january2030, from: '2030-01-01&_count=1000' }, 5, null), 'BAD_INPUT');
    expect(badFrom.details).toMatchObject({ field: 'from' });
    const patientCursor = (await fx.adapter.searchPatients({ birthDate: '1927-05-21' }, 1, null)).nextCursor;
    expect(patientCursor).not.toBeNull();
    await expectGatewayError(fx.adapter.searchAppointmentWorklist(january2030, 5, patientCursor), 'BAD_INPUT');
    expect(fx.sim.requestLog.count({ resourceType: 'Appointment' })).toBe(0);
  });
});
