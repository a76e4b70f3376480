import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { sandboxSimulator as fhirSandbox } from '../../adapters/ehr/fhir-r4/sandbox';

/** The first slice end to end: GraphQL over HTTP -> gateway -> FHIR R4 simulator over HTTP. */
let simulators: SandboxSimulators;
let gateway: TestGateway;

const fhirLog = () => {
  return simulators.of(fhirSandbox).requestLog;
};

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  // A second partner with the same reach: a cursor sealed for one must not open for the other.
  gateway = await startTestGateway({ simulators, adjustConfig: (config) => ({ ...config, partners: [...config.partners, { ...config.partners[0]!, id: 'second-reader' }] }) });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

/** The cursor base64-decoded, and every base64-looking run inside that decoded again (three levels). */
function decodedLayers(encoded: string, depth = 3): string[] {
  if (depth === 0) return [];
  const text = Buffer.from(encoded, 'base64url').toString('latin1');
  return [text, ...(text.match(/[A-Za-z0-9+/_-]{12,}/g) ?? []).flatMap((run) => decodedLayers(run, depth - 1))];
}

interface PatientNode {
  id: string;
  name: { family: string; given: string[] }[];
  appointments: { start: string; status: string; practitioners: { name: { family: string }[] }[] }[];
}

describe('EHR slice over the sandbox FHIR server', () => {
  it('answers the README query: patients by family name with appointments and practitioners', async () => {
    const { status, body } = await gateway.graphql<{ patients: { edges: { node: PatientNode }[] } }>(
      `{ patients(search:{family:"Jast432"}) { edges { node { id name { family } appointments { start status practitioners { name { family } } } } } } }`,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const edges = body.data?.patients.edges ?? [];
    expect(edges).toHaveLength(1);
    const patient = edges[0]?.node as PatientNode;
    expect(patient.name[0]?.family).toBe('Jast432');
    // 4 from the data files (3 past, one on 2030-01-15) + the 2 the simulator books in the coming week.
    expect(patient.appointments).toHaveLength(6);
    const starts = patient.appointments.map((a) => Date.parse(a.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const booked = patient.appointments.filter((a) => a.status === 'booked');
    expect(booked).toHaveLength(3);
    expect(booked.at(-1)?.start).toBe('2030-01-15T09:00:00-05:00');
    expect(booked.slice(0, 2).every((a) => Date.parse(a.start) > Date.now() && Date.parse(a.start) < Date.now() + 8 * 24 * 3600_000)).toBe(true);
    expect(patient.appointments.every((a) => (a.practitioners[0]?.name[0]?.family ?? '').length > 0)).toBe(true);
  });

  it('pages a search with opaque cursors until the end', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const result: Awaited<ReturnType<typeof gateway.graphql<{ patients: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>>> =
        await gateway.graphql(`query($after: String) { patients(search:{birthDate:"1927-05-21"}, first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, {
          variables: { after },
        });
      expect(result.body.errors).toBeUndefined();
      const connection = result.body.data?.patients;
      seen.push(...(connection?.edges.map((edge) => edge.node.id) ?? []));
      if (!connection?.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(3); // three Synthea patients share this birth date
    expect(new Set(seen).size).toBe(3);
  });

  const firstPage = async (partner?: string) => {
    const first = await gateway.graphql<{ patients: { pageInfo: { endCursor: string } } }>(`{ patients(search:{birthDate:"1927-05-21"}, first: 1) { pageInfo { endCursor } } }`, {
      ...(partner ? { partner } : {}),
    });
    return first.body.data?.patients.pageInfo.endCursor as string;
  };
  const nextPage = `query($after: String) { patients(search:{birthDate:"1927-05-21"}, first: 1, after: $after) { edges { node { id } } } }`;

  it('refuses a tampered or forged cursor', async () => {
    const cursor = await firstPage();
    const bytes = Buffer.from(cursor, 'base64url');
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] as number) ^ 0x01; // one bit of the sealed continuation
    const tampered = await gateway.graphql(nextPage, { variables: { after: bytes.toString('base64url') } });
    expect(tampered.body.errors?.[0]?.extensions?.['code']).toBe('BAD_INPUT');
    // A forged continuation without any search filter (listing every patient) in the old readable shape.
    const everyone = Buffer.from(`${simulators.urls['fhir']}/Patient?_count=100`).toString('base64url');
    const forged = await gateway.graphql(nextPage, { variables: { after: btoa(JSON.stringify(['sandbox-ehr', everyone, 'cursor:x'])) } });
    expect(forged.body.errors?.[0]?.extensions?.['code']).toBe('BAD_INPUT');
    const accepted = await gateway.graphql<{ patients: { edges: unknown[] } }>(nextPage, { variables: { after: cursor } });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data?.patients.edges).toHaveLength(1);
  });

  it("refuses another partner's cursor", async () => {
    const cursor = await firstPage('second-reader');
    const foreign = await gateway.graphql(nextPage, { variables: { after: cursor } });
    expect(foreign.body.errors?.[0]?.extensions?.['code']).toBe('BAD_INPUT');
    const own = await gateway.graphql<{ patients: { edges: unknown[] } }>(nextPage, { partner: 'second-reader', variables: { after: cursor } });
    expect(own.body.data?.patients.edges).toHaveLength(1);
  });

  it('hands out cursors that decode to no URL, host or upstream parameter', async () => {
    const cursor = await firstPage();
    const upstream = new URL(simulators.urls['fhir'] as string);
    // Nested base64 too: the old cursor was JSON around the base64 of the next link.
    for (const text of decodedLayers(cursor)) {
      for (const secret of ['http', upstream.host, upstream.hostname, '_page_token', '_count', '_getpages', 'birthdate', '1927']) expect(text).not.toContain(secret);
    }
    expect(cursor.length).toBeLessThan(400);
  });

  it('filters appointments by date range and status', async () => {
    const { body } = await gateway.graphql<{ patients: { edges: { node: { appointments: { start: string; status: string }[] } }[] } }>(
      `{ patients(search:{family:"Jast432"}) { edges { node { appointments(from: "2023-03-10T00:00:00Z", to: "2024-01-01T00:00:00Z", status: ["fulfilled"]) { start status } } } } }`,
    );
    const appointments = body.data?.patients.edges[0]?.node.appointments ?? [];
    expect(appointments.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(appointments.every((a) => a.start >= '2023-03-10' && a.start < '2024')).toBe(true);
  });

  it('resolves patient(id), node(id) and appointment(id) from opaque ids', async () => {
    const search = await gateway.graphql<{ patients: { edges: { node: { id: string; appointments: { id: string }[] } }[] } }>(
      `{ patients(search:{family:"Schumm995"}) { edges { node { id appointments { id } } } } }`,
    );
    const node = search.body.data?.patients.edges[0]?.node;
    expect(node).toBeDefined();
    const { body } = await gateway.graphql<{
      patient: { birthDate: string };
      node: { __typename: string; gender: string };
      appointment: { status: string; location: { name: string } | null; patient: { id: string } };
    }>(
      `query($p: ID!, $a: ID!) { patient(id: $p) { birthDate } node(id: $p) { __typename ... on Patient { gender } } appointment(id: $a) { status location { name } patient { id } } }`,
      { variables: { p: node?.id, a: node?.appointments[0]?.id } },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.patient.birthDate).toBe('1981-11-03');
    expect(body.data?.node).toEqual({ __typename: 'Patient', gender: 'female' });
    expect(body.data?.appointment.patient.id).toBe(node?.id);
    expect(body.data?.appointment.location?.name).toBeTruthy();
  });

  it('answers null for an unknown patient and BAD_INPUT for a malformed id or an empty search', async () => {
    const unknown = btoa('Patient:sandbox-ehr:does-not-exist').replace(/=+$/, '');
    const { body } = await gateway.graphql(`query($id: ID!) { patient(id: $id) { id } }`, { variables: { id: unknown } });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ patient: null });

    const malformed = await gateway.graphql(`{ patient(id: "not an id!") { id } }`);
    expect(malformed.body.errors?.[0]?.extensions?.['code']).toBe('BAD_INPUT');

    const empty = await gateway.graphql(`{ patients(search: {}) { edges { node { id } } } }`);
    expect(empty.body.errors?.[0]?.extensions?.['code']).toBe('BAD_INPUT');
  });

  it('refuses an id of a source the partner may not reach, without saying whether it exists', async () => {
    const foreign = btoa('Patient:other-ehr:a4a401d1-a46a-eb4a-8a38-760d5d79d6ec').replace(/=+$/, '');
    const { body } = await gateway.graphql(`query($id: ID!) { patient(id: $id) { id } }`, { variables: { id: foreign } });
    expect(body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('batches: 5 patients x 6 appointments with practitioners and locations = one upstream request per type per level', async () => {
    const ids = ['a4a401d1-a46a-eb4a-8a38-760d5d79d6ec', 'ca15b832-01e4-41dd-6a52-97bd3e5510cb', 'cbc86e51-9eca-3855-76ec-c058f72c5761', 'fb7c882a-f897-e7c5-67e0-825e7fd55d15', '7bc002fa-dc52-17d6-1563-fd8901826f7d'];
    const fields = ids
      .map((id, index) => `p${index}: patient(id: "${btoa(`Patient:sandbox-ehr:${id}`).replace(/=+$/, '')}") { appointments { start practitioners { name { family } } location { name } } }`)
      .join('\n');
    // A fresh gateway: nothing cached, so every record really comes from upstream.
    const cold = await startTestGateway({ simulators });
    try {
      fhirLog().clear();
      const { body } = await cold.graphql<Record<string, { appointments: { practitioners: unknown[]; location: unknown }[] }>>(`{ ${fields} }`);
      expect(body.errors).toBeUndefined();
      const appointments = Object.values(body.data ?? {}).flatMap((patient) => patient.appointments);
      expect(appointments).toHaveLength(30); // 4 each from the files, 2 each in the coming week
      expect(appointments.every((a) => a.practitioners.length > 0 && a.location !== null)).toBe(true);
      const searches = (resourceType: string) => fhirLog().count({ resourceType, method: 'GET' });
      expect(searches('Patient')).toBe(1);
      expect(searches('Appointment')).toBe(1);
      expect(searches('Practitioner')).toBe(1);
      expect(searches('Location')).toBe(1);
    } finally {
      await cold.close();
    }
  });

  it('serves repeated reads from the cache', async () => {
    const id = btoa('Patient:sandbox-ehr:8e1a0a7c-e308-444b-075a-3c2b1f60f881').replace(/=+$/, '');
    await gateway.graphql(`query($id: ID!) { patient(id: $id) { id } }`, { variables: { id } });
    fhirLog().clear();
    const { body } = await gateway.graphql<{ patient: { gender: string } }>(`query($id: ID!) { patient(id: $id) { gender } }`, { variables: { id } });
    expect(body.data?.patient.gender).toBe('male');
    expect(fhirLog().count({ resourceType: 'Patient' })).toBe(0);
  });

  it('reports readiness per source', async () => {
    const response = await fetch(`${gateway.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ready',
      checks: { 'source:sandbox-ehr': 'up', 'source:sandbox-x12': 'up', 'source:sandbox-clearinghouse': 'up' },
      circuits: { 'sandbox-ehr': 'closed', 'sandbox-x12': 'closed', 'sandbox-clearinghouse': 'closed' },
    });
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });
});
