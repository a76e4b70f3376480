import { expect } from 'vitest';
import { sandboxScenarioMembers, sandboxTwoPayerMembers } from '../../adapters/eligibility/sandbox-members';
import { sandboxNemtScenarioMembers } from '../../adapters/eligibility/sandbox-nemt-members';
import { encodeGlobalId } from '../../src/domain/global-id';
import { sandboxAccessToken, sandboxClientAssertion } from './sandbox-tokens';

export { sandboxAccessToken } from './sandbox-tokens';

/**
 * One list of GraphQL/HTTP requests that every runtime must answer the same way: the Node
 * test (test/integration/graphql-contract.test.ts) runs it against the Node gateway, the
 * workerd test (test/workers/graphql-contract.test.ts) against the Worker and compares each
 * answer with the Node gateway's. Answers are normalised (tokens, timestamps, trace numbers
 * removed) so that equal means "same behaviour", and each case also asserts what a right
 * answer looks like, so both runtimes cannot agree on a wrong one.
 */
export interface GatewayTarget {
  /** The gateway's configured public URL: token `iss`, and the audience of client assertions. */
  publicUrl: string;
  /** One HTTP request to the gateway; `path` starts with "/". */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export interface ContractCase {
  name: string;
  /** Sends the case's requests and returns the normalised answer. */
  run(target: GatewayTarget): Promise<unknown>;
  /** Assertions that hold for a correct answer, whichever runtime gave it. */
  verify(answer: unknown): void;
}

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

async function graphql(target: GatewayTarget, token: string | null, query: string, variables?: Record<string, unknown>) {
  const response = await target.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphqlBody };
}

const errorCodes = (body: GraphqlBody) => (body.errors ?? []).map((error) => ({ code: error.extensions?.['code'], path: error.path ?? null }));

async function requestToken(target: GatewayTarget, assertion: string, scope: string) {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    scope,
  });
  const response = await target.fetch('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A booked appointment in 2030 of the sandbox FHIR server, for ride bookings. */
const SANDBOX_BOOKED_APPOINTMENT = encodeGlobalId({ type: 'Appointment', sourceId: 'sandbox-ehr', localId: 'a9b4bd31-b611-2d87-b93f-4e96c49b0aae' });

const SCHEDULE_RIDE = `mutation($input: ScheduleRideInput!) {
  scheduleRide(input: $input) { id status source { id kind } timeZone pickupAt arriveBy appointment { id start } dropoff { addressLines } }
}`;

/** A Synthea patient of the sandbox FHIR server (synthetic data). */
const SANDBOX_PATIENT = encodeGlobalId({ type: 'Patient', sourceId: 'sandbox-ehr', localId: 'a4a401d1-a46a-eb4a-8a38-760d5d79d6ec' });

/** Cummings51: insured at both sandbox payers (see the EHR data's SOURCES.md). */
const TWO_PAYER_PATIENT = encodeGlobalId({ type: 'Patient', sourceId: 'sandbox-ehr', localId: '6a4160eb-a793-2f86-2302-378626f46cce' });
const TWO_PAYER_PATIENT_PAYER_1_COVERAGE = encodeGlobalId({ type: 'Coverage', sourceId: 'sandbox-ehr', localId: '87a02c07-710f-bedb-c2dc-8f52ffb81084' });
const TWO_PAYER_PATIENT_PAYER_2_COVERAGE = encodeGlobalId({ type: 'Coverage', sourceId: 'sandbox-ehr', localId: '8de5e255-5473-5819-8b1a-4f04489ec803' });

const ELIGIBILITY = `query Check($input: EligibilityInput!) {
  eligibility(input: $input) {
    status traceNumber checkedAt
    payer { id name }
    plan { name groupNumber }
    freshness { state ageSeconds reason }
    benefits { kind { code } coverageLevel { code } serviceTypes { code } network timePeriod { code } amount { amountMinor currency } percent }
  }
}`;

/** Messages and extensions of an answer's errors, in order. */
const errorShapes = (body: GraphqlBody) => (body.errors ?? []).map((error) => ({ message: error.message, path: error.path ?? null, extensions: error.extensions ?? null }));

/** 11 reads of one patient (one batched call) each with its own appointment search: 12 upstream calls. */
const UPSTREAM_BUDGET_QUERY = `{ ${Array.from({ length: 11 }, (_, i) => `p${i}: patient(id: "${SANDBOX_PATIENT}") { id appointments(from: "2020-01-01T00:${String(i).padStart(2, '0')}:00Z") { id } }`).join(' ')} }`;

export const graphqlContractCases: readonly ContractCase[] = [
  {
    name: 'token: client_credentials with a private_key_jwt assertion, then /graphql, and no replay',
    async run(target) {
      const assertion = await sandboxClientAssertion(target.publicUrl, 'sandbox-internal');
      const granted = await requestToken(target, assertion, 'patient.read eligibility.read');
      const token = typeof granted.body['access_token'] === 'string' ? granted.body['access_token'] : null;
      const viewer = await graphql(target, token, '{ viewer { id scopes } }');
      const replay = await requestToken(target, assertion, 'patient.read');
      return {
        granted: { status: granted.status, token_type: granted.body['token_type'], expires_in: granted.body['expires_in'], scope: granted.body['scope'], hasToken: token !== null },
        viewer: viewer.body,
        replay: { status: replay.status, error: replay.body['error'], description: replay.body['error_description'] },
      };
    },
    verify(answer) {
      expect(answer).toMatchObject({
        granted: { status: 200, token_type: 'bearer', hasToken: true },
        viewer: { data: { viewer: { id: 'sandbox-internal' } } },
        // The jti replay set is the Store: memory/Redis on Node, the Durable Object on Workers.
        replay: { status: 401, error: 'invalid_client', description: 'jti already used' },
      });
      expect((answer as { granted: { scope: string } }).granted.scope.split(' ').sort()).toEqual(['eligibility.read', 'patient.read']);
    },
  },
  {
    name: 'no token: 401 UNAUTHENTICATED',
    async run(target) {
      const { status, body } = await graphql(target, null, '{ viewer { id } }');
      return { status, codes: errorCodes(body) };
    },
    verify(answer) {
      expect(answer).toEqual({ status: 401, codes: [{ code: 'UNAUTHENTICATED', path: null }] });
    },
  },
  {
    name: 'patient by id from the sandbox FHIR server',
    async run(target) {
      const token = await sandboxAccessToken(target.publicUrl, 'sandbox-internal', ['patient.read']);
      return graphql(target, token, `{ patient(id: "${SANDBOX_PATIENT}") { id name { family given } birthDate gender identifiers { system value } } }`);
    },
    verify(answer) {
      const { status, body } = answer as { status: number; body: GraphqlBody };
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const patient = body.data?.['patient'] as { id: string; name: { family: string }[]; birthDate: string };
      expect(patient.id).toBe(SANDBOX_PATIENT);
      expect(patient.name[0]?.family).toMatch(/\w+\d+/); // Synthea names carry digits
      expect(patient.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    },
  },
  {
    name: 'patients search with appointments and practitioners (batched)',
    async run(target) {
      const token = await sandboxAccessToken(target.publicUrl, 'sandbox-internal', ['patient.read', 'appointment.read']);
      return graphql(
        target,
        token,
        '{ patients(search:{family:"Jast432"}) { edges { node { id name { family } appointments { start status practitioners { name { family } } location { name } } } } } }',
      );
    },
    verify(answer) {
      const { body } = answer as { body: GraphqlBody };
      expect(body.errors).toBeUndefined();
      const edges = (body.data?.['patients'] as { edges: { node: { name: { family: string }[]; appointments: { status: string; start: string }[] } }[] }).edges;
      expect(edges).toHaveLength(1);
      expect(edges[0]?.node.name[0]?.family).toBe('Jast432');
      // The last booked one is the data files' 2030-01-15 appointment (the coming week's come first).
      expect(edges[0]?.node.appointments.filter((a) => a.status === 'booked').at(-1)?.start).toBe('2030-01-15T09:00:00-05:00');
    },
  },
  {
    name: 'scopes: a payer partner cannot read patient demographics',
    async run(target) {
      const token = await sandboxAccessToken(target.publicUrl, 'sandbox-payer', ['coverage.read', 'eligibility.read']);
      const { status, body } = await graphql(target, token, `{ patient(id: "${SANDBOX_PATIENT}") { id birthDate } }`);
      return { status, data: body.data ?? null, codes: errorCodes(body) };
    },
    verify(answer) {
      const { codes, data } = answer as { codes: { code: unknown }[]; data: unknown };
      expect(codes.map((c) => c.code)).toContain('FORBIDDEN');
      expect(JSON.stringify(data)).not.toMatch(/\d{4}-\d{2}-\d{2}/); // no birth date leaked
    },
  },
  {
    name: 'payer ids: sandbox-payer-b sees only its own coverage of a patient insured at both payers',
    async run(target) {
      const token = await sandboxAccessToken(target.publicUrl, 'sandbox-payer-b', ['coverage.read']);
      const list = await graphql(target, token, `{ patient(id: "${TWO_PAYER_PATIENT}") { coverages { id memberId payer { id } } } }`);
      const otherPayers = await graphql(target, token, `{ node(id: "${TWO_PAYER_PATIENT_PAYER_1_COVERAGE}") { id ... on Coverage { memberId } } }`);
      return { list: list.body, otherPayers: otherPayers.body };
    },
    verify(answer) {
      expect(answer).toEqual({
        list: { data: { patient: { coverages: [{ id: TWO_PAYER_PATIENT_PAYER_2_COVERAGE, memberId: sandboxTwoPayerMembers['SANDBOX-PAYER-2'], payer: { id: 'SANDBOX-PAYER-2' } }] } } },
        otherPayers: { data: { node: null } },
      });
    },
  },
  {
    name: 'eligibility over X12: first FRESH from the payer, then CACHED',
    async run(target) {
      const token = await sandboxAccessToken(target.publicUrl, 'sandbox-internal', ['eligibility.read']);
      const variables = { input: { payerId: 'SANDBOX-PAYER-1', subscriber: { memberId: sandboxScenarioMembers.activePpo }, dateOfService: '2030-03-04' } };
      const first = await graphql(target, token, ELIGIBILITY, variables);
      const second = await graphql(target, token, ELIGIBILITY, variables);
      // Volatile per call: when it was checked, the payer's trace number, the cache age.
      const stable = (body: GraphqlBody) => {
        const { checkedAt: _c, traceNumber: _t, freshness, ...rest } = (body.data?.['eligibility'] ?? {}) as Record<string, unknown> & { freshness?: { state: string } };
        return { ...rest, freshness: freshness?.state ?? null, errors: errorCodes(body) };
      };
      return { first: stable(first.body), second: stable(second.body) };
    },
    verify(answer) {
      const { first, second } = answer as { first: Record<string, unknown>; second: Record<string, unknown> };
      expect(first).toMatchObject({ status: 'ACTIVE', freshness: 'FRESH', errors: [] });
      expect(second).toMatchObject({ status: 'ACTIVE', freshness: 'CACHED', errors: [] });
      expect(second['benefits']).toEqual(first['benefits']);
      expect((first['benefits'] as unknown[]).length).toBeGreaterThan(3);
    },
  },
  {
    name: 'ride booking: the same idempotency key twice answers the same ride, readable after',
    async run(target) {
      const token = await sandboxAccessToken(target.publicUrl, 'sandbox-rides', ['ride.read', 'ride.write']);
      // A fresh key per run: Node and workerd book against the same simulators.
      const input = { appointmentId: SANDBOX_BOOKED_APPOINTMENT, rideSource: 'sandbox-lyft', idempotencyKey: `contract-${crypto.randomUUID()}` };
      const first = await graphql(target, token, SCHEDULE_RIDE, { input });
      const again = await graphql(target, token, SCHEDULE_RIDE, { input });
      const ride = (body: GraphqlBody) => (body.data?.['scheduleRide'] ?? null) as ({ id: string } & Record<string, unknown>) | null;
      const firstRide = ride(first.body);
      const read = firstRide ? await graphql(target, token, 'query($id: ID!) { ride(id: $id) { id status } }', { id: firstRide.id }) : null;
      // The ride id carries the vendor's id, new on every booking: compare everything else.
      const { id: _id, ...booked } = firstRide ?? { id: '' };
      return {
        booked,
        errors: [...errorCodes(first.body), ...errorCodes(again.body)],
        sameRideOnRepeat: firstRide !== null && ride(again.body)?.id === firstRide.id,
        readBack: { sameRide: (read?.body.data?.['ride'] as { id: string } | undefined)?.id === firstRide?.id, errors: read ? errorCodes(read.body) : null },
      };
    },
    verify(answer) {
      expect(answer).toMatchObject({
        booked: { status: 'SCHEDULED', source: { id: 'sandbox-lyft', kind: 'rides' }, appointment: { id: SANDBOX_BOOKED_APPOINTMENT } },
        errors: [],
        sameRideOnRepeat: true,
        readBack: { sameRide: true, errors: [] },
      });
    },
  },
  {
    name: 'access tokens strict on time: 8 s expired, nbf or iat 10 s ahead, a lifetime over 300 s are 401',
    async run(target) {
      const now = Math.floor(Date.now() / 1000);
      const forged = {
        expired: { iat: now - 60, exp: now - 8 },
        nbfAhead: { iat: now, exp: now + 60, nbf: now + 10 },
        iatAhead: { iat: now + 10, exp: now + 60 },
        yearLong: { iat: now, exp: now + 365 * 86_400 },
        insideTolerance: { iat: now - 60, exp: now - 2 },
      };
      const answers: Record<string, unknown> = {};
      for (const [name, times] of Object.entries(forged)) {
        const { status, body } = await graphql(target, await sandboxAccessToken(target.publicUrl, 'sandbox-internal', ['patient.read'], times), '{ viewer { id } }');
        answers[name] = { status, codes: errorCodes(body) };
      }
      return answers;
    },
    verify(answer) {
      const refused = { status: 401, codes: [{ code: 'UNAUTHENTICATED', path: null }] };
      expect(answer).toEqual({ expired: refused, nbfAhead: refused, iatAhead: refused, yearLong: refused, insideTolerance: { status: 200, codes: [] } });
    },
  },
  {
    name: 'input validated, never rewritten: a control character or an over-long string is BAD_INPUT naming the field',
    async run(target) {
      const token = await sandboxAccessToken(target.publicUrl, 'sandbox-internal', ['eligibility.read']);
      const ask = async (memberId: string) => {
        const { body } = await graphql(target, token, ELIGIBILITY, { input: { payerId: 'SANDBOX-PAYER-1', subscriber: { memberId }, dateOfService: '2030-03-05' } });
        return { data: body.data ?? null, errors: (body.errors ?? []).map((error) => error.extensions) };
      };
      return { controlCharacter: await ask(`${sandboxScenarioMembers.activePpo}\u0007`), tooLongForX12: await ask('M'.repeat(81)), tooLongForGraphql: await ask('M'.repeat(1025)) };
    },
    verify(answer) {
      expect(answer).toMatchObject({
        controlCharacter: { data: null, errors: [{ code: 'BAD_INPUT', details: { field: 'subscriber.memberId' } }] },
        tooLongForX12: { data: null, errors: [{ code: 'BAD_INPUT', details: { field: 'subscriber.memberId' } }] },
        tooLongForGraphql: { errors: [{ code: 'BAD_INPUT', details: { limit: 'stringLength', max: 1024, field: '$input.subscriber.memberId' } }] },
      });
    },
  },
  {
    name: 'error policy: no "did you mean" for a partner without introspection, a code on every error, introspection refused in the sandbox',
    async run(target) {
      const token = await sandboxAccessToken(target.publicUrl, 'sandbox-payer', ['coverage.read', 'eligibility.read']);
      const enumLiteral = await graphql(target, token, '{ eligibility(input: { payerId: "SANDBOX-PAYER-1", subscriber: { memberId: "M1" } }) { benefits(network: IN_NETWRK) { network } } }');
      const variables = await graphql(target, token, 'query($input: EligibilityInput!) { eligibility(input: $input) { status } }', { input: { payerId: 'SANDBOX-PAYER-1', subscriber: { memberID: 'M1' } } });
      const introspection = await graphql(target, token, '{ __schema { queryType { name } } }');
      return { enumLiteral: errorShapes(enumLiteral.body), variables: errorShapes(variables.body), introspection: { data: introspection.body.data ?? null, errors: errorShapes(introspection.body) } };
    },
    verify(answer) {
      const { enumLiteral, variables, introspection } = answer as Record<string, unknown> & { introspection: { data: unknown; errors: unknown[] } };
      expect(JSON.stringify(answer)).not.toMatch(/did you mean/i);
      expect(enumLiteral).toEqual([
        { message: 'Value "IN_NETWRK" does not exist in "NetworkIndicator" enum.', path: null, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', retryable: false } },
      ]);
      expect(variables).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/Field "memberID" is not defined by type "EligibilityPersonInput"\.$/) as unknown, extensions: { code: 'BAD_INPUT', retryable: false } }),
      ]);
      expect(introspection).toEqual({ data: null, errors: [{ message: expect.any(String) as unknown, path: null, extensions: { code: 'FORBIDDEN', retryable: false, details: { reason: 'introspection' } } }] });
    },
  },
  {
    name: 'limits: repeated selections refused before validation, and a budget of 10 upstream calls per request',
    async run(target) {
      const token = await sandboxAccessToken(target.publicUrl, 'sandbox-internal', ['patient.read', 'appointment.read']);
      const repeated = await graphql(target, token, `# ${crypto.randomUUID()}\n{ ${'viewer { id } '.repeat(300)} }`);
      const budget = await graphql(target, token, UPSTREAM_BUDGET_QUERY);
      const answered = Object.entries(budget.body.data ?? {}).filter(([, patient]) => patient !== null).map(([alias]) => alias);
      return { repeated: { data: repeated.body.data ?? null, errors: errorShapes(repeated.body) }, budget: { answered, errors: errorShapes(budget.body) } };
    },
    verify(answer) {
      const limitError = (limit: string, max: number) => ({ message: expect.any(String) as unknown, path: expect.anything() as unknown, extensions: { code: 'BAD_INPUT', retryable: false, details: { limit, max } } });
      expect(answer).toEqual({
        repeated: { data: null, errors: [{ ...limitError('duplicateSelections', 20), path: null }] },
        budget: {
          answered: ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'],
          errors: [
            { ...limitError('upstreamCalls', 10), path: ['p9', 'appointments'] },
            { ...limitError('upstreamCalls', 10), path: ['p10', 'appointments'] },
          ],
        },
      });
    },
  },
  {
    name: 'transportation benefit: each NEMT member on both payers, and the required benefit gate refusing a not-covered patient',
    async run(target) {
      const internal = await sandboxAccessToken(target.publicUrl, 'sandbox-internal', ['eligibility.read']);
      const statuses: Record<string, unknown> = {};
      for (const payerId of ['SANDBOX-PAYER-1', 'SANDBOX-PAYER-2']) {
        for (const memberId of Object.values(sandboxNemtScenarioMembers)) {
          const { body } = await graphql(target, internal, 'query($input: EligibilityInput!) { eligibility(input: $input) { transportation { status authorizationRequired tripsRemaining { count } tripsAllowed { count period { code } } copay { amountMinor } } } }', {
            input: { payerId, subscriber: { memberId, firstName: 'Riley', lastName: 'Sandbox', birthDate: '1970-01-01' } },
          });
          statuses[`${payerId}/${memberId}`] = body.data?.['eligibility'] ?? errorCodes(body);
        }
      }
      const rides = await sandboxAccessToken(target.publicUrl, 'sandbox-rides', ['ride.read', 'ride.write']);
      const refused = await graphql(target, rides, 'mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { id } }', {
        input: { appointmentId: encodeGlobalId({ type: 'Appointment', sourceId: 'sandbox-ehr', localId: '366139a1-7efc-ee0a-bcac-04142dedb250' }), idempotencyKey: `contract-${crypto.randomUUID()}`, rideSource: 'sandbox-lyft' },
      });
      const gate = (refused.body.errors ?? []).map((error) => {
        const details = (error.extensions?.['details'] ?? {}) as Record<string, unknown>;
        return { code: error.extensions?.['code'], retryable: error.extensions?.['retryable'], benefitStatus: details['benefitStatus'], payerId: details['payerId'] };
      });
      return { statuses, gate, gateData: refused.body.data ?? null, gateText: JSON.stringify(refused.body).includes(sandboxNemtScenarioMembers.notCovered) };
    },
    verify(answer) {
      const covered = { status: 'COVERED', authorizationRequired: false, tripsRemaining: { count: 10 }, tripsAllowed: { count: 12, period: { code: '23' } }, copay: { amountMinor: 200 } };
      const notCovered = { status: 'NOT_COVERED', authorizationRequired: null, tripsRemaining: null, tripsAllowed: null, copay: null };
      const authorization = { status: 'COVERED', authorizationRequired: true, tripsRemaining: null, tripsAllowed: null, copay: null };
      const silent = { status: 'UNKNOWN', authorizationRequired: null, tripsRemaining: null, tripsAllowed: null, copay: null };
      const perPayer = (payerId: string) => ({
        [`${payerId}/MNEMT0001`]: { transportation: covered },
        [`${payerId}/MNEMT0002`]: { transportation: notCovered },
        [`${payerId}/MNEMT0003`]: { transportation: authorization },
        [`${payerId}/MNEMT0004`]: { transportation: silent },
      });
      expect(answer).toEqual({
        statuses: { ...perPayer('SANDBOX-PAYER-1'), ...perPayer('SANDBOX-PAYER-2') },
        gate: [{ code: 'BENEFIT_NOT_COVERED', retryable: false, benefitStatus: 'NOT_COVERED', payerId: 'SANDBOX-PAYER-2' }],
        gateData: null,
        gateText: false,
      });
    },
  },
  {
    name: "worklist: tomorrow's appointments needing a ride, paged across patients; a booked ride leaves the list and is in rides(filter)",
    async run(target) {
      // A scheduling desk (sandbox-internal: benefit gate advisory, so any patient books; the
      // required gate has its own case above).
      const token = await sandboxAccessToken(target.publicUrl, 'sandbox-internal', ['appointment.read', 'ride.read', 'ride.write']);
      // Tomorrow (UTC): the sandbox books every living patient there, relative to the simulator's clock.
      const dayMs = 24 * 3600 * 1000;
      const from = Math.floor(Date.now() / dayMs) * dayMs + dayMs;
      const filter = { from: new Date(from).toISOString(), to: new Date(from + dayMs).toISOString(), needsRide: true };
      const WORKLIST = `query($filter: AppointmentFilter!, $first: Int, $after: String) {
        appointments(filter: $filter, first: $first, after: $after) { edges { node { id start status location { name } } } pageInfo { hasNextPage endCursor } }
      }`;
      type Worklist = { edges: { node: { id: string; start: string; status: string; location: { name: string } | null } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      const page = async (variables: Record<string, unknown>) => {
        const { body } = await graphql(target, token, WORKLIST, variables);
        return { list: (body.data?.['appointments'] ?? null) as Worklist | null, errors: errorCodes(body) };
      };
      const first = await page({ filter, first: 4 });
      const second = await page({ filter, first: 4, after: first.list?.pageInfo.endCursor });
      const chosen = first.list?.edges[0]?.node.id ?? '';
      // A fresh key per run: Node and workerd book against the same simulators (each keeps its own Store).
      const booked = await graphql(target, token, SCHEDULE_RIDE, { input: { appointmentId: chosen, rideSource: 'sandbox-lyft', idempotencyKey: `contract-worklist-${crypto.randomUUID()}` } });
      const after = await page({ filter, first: 100 });
      const listed = await graphql(target, token, 'query($filter: RideFilter) { rides(filter: $filter) { edges { node { status source { id } appointment { id } } } pageInfo { hasNextPage } } }', {
        filter: { status: ['SCHEDULED'], appointmentId: chosen },
      });
      const tooWide = await graphql(target, token, WORKLIST, { filter: { from: '2030-01-01T00:00:00Z', to: '2030-02-15T00:00:00Z' } });
      const nodes = (list: Worklist | null) => (list?.edges ?? []).map((edge) => edge.node);
      return {
        first: { nodes: nodes(first.list), hasNextPage: first.list?.pageInfo.hasNextPage ?? null, errors: first.errors },
        second: { nodes: nodes(second.list), errors: second.errors },
        bookingErrors: errorCodes(booked.body),
        stillNeedingRide: nodes(after.list).map((node) => node.id),
        chosen,
        rides: { data: listed.body.data ?? null, errors: errorCodes(listed.body) },
        tooWide: errorShapes(tooWide.body).map((error) => error.extensions),
      };
    },
    verify(answer) {
      const { first, second, stillNeedingRide, chosen } = answer as { first: { nodes: { id: string; start: string }[] }; second: { nodes: { id: string; start: string }[] }; stillNeedingRide: string[]; chosen: string };
      expect(first.nodes).toHaveLength(4);
      expect(second.nodes.length).toBeGreaterThan(0);
      const paged = [...first.nodes, ...second.nodes];
      expect(new Set(paged.map((node) => node.id)).size).toBe(paged.length);
      const starts = paged.map((node) => Date.parse(node.start));
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(stillNeedingRide).not.toContain(chosen);
      expect(stillNeedingRide.length).toBeGreaterThanOrEqual(9);
      expect(answer).toMatchObject({
        first: { hasNextPage: true, errors: [] },
        second: { errors: [] },
        bookingErrors: [],
        rides: { data: { rides: { edges: [{ node: { status: 'SCHEDULED', source: { id: 'sandbox-lyft' }, appointment: { id: chosen } } }], pageInfo: { hasNextPage: false } } }, errors: [] },
        tooWide: [{ code: 'BAD_INPUT', details: { field: 'to' } }],
      });
    },
  },
];
