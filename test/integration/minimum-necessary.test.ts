import {
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  Kind,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/auth/scopes';
import { buildSchema } from '../../src/graphql/create-yoga';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * HIPAA minimum necessary, checked against the schema itself: `sandbox-rides` (ride.* only)
 * is refused every field whose @requiresScopes it does not satisfy, on Patient, Coverage and
 * Query; a field added later is enumerated here without touching this file.
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;
let schema: GraphQLSchema;
const ids: Record<string, string> = {};
let phi: string[] = [];

const RIDE_SCOPES: Scope[] = ['ride.read', 'ride.write'];

interface GraphqlError {
  message: string;
  extensions?: { code?: string; field?: string };
}

beforeAll(async () => {
  schema = buildSchema();
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({ simulators });
  const { body } = await gateway.graphql<{
    patients: { edges: { node: { id: string; birthDate: string; name: { family: string }[]; identifiers: { value: string }[]; coverages: { id: string; memberId: string | null }[]; appointments: { id: string }[] } }[] };
  }>('{ patients(search: { family: "Jast432" }) { edges { node { id birthDate name { family } identifiers { value } coverages { id memberId } appointments { id } } } } }');
  const patient = body.data?.patients.edges[0]?.node;
  if (!patient?.coverages[0] || !patient.appointments[0]) throw new Error('sandbox patient Jast432 needs a coverage and an appointment');
  ids['Patient'] = patient.id;
  ids['Coverage'] = patient.coverages[0].id;
  ids['Appointment'] = patient.appointments[0].id;
  phi = [patient.birthDate, patient.name[0]!.family, ...patient.identifiers.map((i) => i.value), patient.coverages[0].memberId ?? ''].filter((v) => v.length >= 4);
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

/** The outer-OR / inner-AND scope lists of a field's @requiresScopes (none = open). */
const requiredScopes = (field: GraphQLField<unknown, unknown>): string[][] | undefined => {
  const directive = field.astNode?.directives?.find((d) => d.name.value === 'requiresScopes');
  const argument = directive?.arguments?.find((a) => a.name.value === 'scopes');
  if (!argument || argument.value.kind !== Kind.LIST) return undefined;
  return argument.value.values.map((inner) => (inner.kind === Kind.LIST ? inner.values.map((v) => (v.kind === Kind.STRING ? v.value : '')) : []));
};

const ridesMaySee = (field: GraphQLField<unknown, unknown>) => {
  const required = requiredScopes(field);
  return !required || required.some((all) => all.every((scope) => RIDE_SCOPES.includes(scope as Scope)));
};

/** `name(args) { __typename }` with every required argument bound to a variable (never given: refused before execution). */
const selection = (field: GraphQLField<unknown, unknown>) => {
  const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const variables = required.map((arg) => `$${arg.name}: ${arg.type.toString()}`);
  const args = required.length ? `(${required.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : '';
  const named = getNamedType(field.type);
  const sub = isObjectType(named) || isInterfaceType(named) || isInputObjectType(named) ? ' { __typename }' : '';
  return { text: `${field.name}${args}${sub}`, variables };
};

const forbiddenFields = (type: GraphQLObjectType) => Object.values(type.getFields()).filter((field) => !ridesMaySee(field));

async function expectForbidden(query: string, variables: Record<string, unknown>, field: string) {
  const { body } = await gateway.graphql(query, { partner: 'sandbox-rides', variables });
  const errors = (body.errors ?? []) as GraphqlError[];
  expect(errors.map((error) => error.extensions?.code), `${field}: ${JSON.stringify(errors)}`).toContain('FORBIDDEN');
  expect(errors.some((error) => error.extensions?.field === field), `${field} named in the error`).toBe(true);
  expect(body.data ?? null).toBeNull();
  const text = JSON.stringify(body);
  expect(phi.filter((value) => text.includes(value))).toEqual([]);
}

describe('sandbox-rides (ride.read ride.write) and patient PHI', () => {
  it('is refused every Patient field but its opaque id', async () => {
    const patient = schema.getType('Patient') as GraphQLObjectType;
    const fields = forbiddenFields(patient);
    expect(Object.keys(patient.getFields()).filter((name) => !fields.some((f) => f.name === name))).toEqual(['id']);
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(['birthDate', 'identifiers', 'name', 'coverages']));
    for (const field of fields) {
      const { text, variables } = selection(field);
      const defs = [`$id: ID!`, ...variables].join(', ');
      await expectForbidden(`query(${defs}) { node(id: $id) { ... on Patient { ${text} } } }`, { id: ids['Patient'] }, `Patient.${field.name}`);
    }
  });

  it('is refused every Coverage field but its opaque id', async () => {
    const coverage = schema.getType('Coverage') as GraphQLObjectType;
    const fields = forbiddenFields(coverage);
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(['memberId', 'payer', 'status']));
    for (const field of fields) {
      const { text, variables } = selection(field);
      const defs = [`$id: ID!`, ...variables].join(', ');
      await expectForbidden(`query(${defs}) { node(id: $id) { ... on Coverage { ${text} } } }`, { id: ids['Coverage'] }, `Coverage.${field.name}`);
    }
  });

  it('is refused every root field its scopes do not open (patients, patient, eligibility, ...)', async () => {
    const query = schema.getQueryType()!;
    const fields = forbiddenFields(query);
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(['patients', 'patient']));
    for (const field of fields) {
      const { text, variables } = selection(field);
      await expectForbidden(`query${variables.length ? `(${variables.join(', ')})` : ''} { ${text} }`, {}, `Query.${field.name}`);
    }
  });

  it('cannot reach the patient (or practitioners) from an appointment', async () => {
    for (const field of forbiddenFields(schema.getType('Appointment') as GraphQLObjectType)) {
      const { text } = selection(field);
      await expectForbidden(`query($id: ID!) { appointment(id: $id) { ${text} } }`, { id: ids['Appointment'] }, `Appointment.${field.name}`);
    }
  });

  it('can read what a ride needs: the appointment time, status and location', async () => {
    const { body } = await gateway.graphql<{ appointment: { start: string; status: string; location: { address: { city: string } | null } | null } }>(
      'query($id: ID!) { appointment(id: $id) { id start end status location { name address { line city state postalCode } timeZone } } }',
      { partner: 'sandbox-rides', variables: { id: ids['Appointment'] } },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.appointment.start).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(body.data?.appointment.status.length).toBeGreaterThan(0);
  });

  it('cannot read a Patient by node(id) even asking only for its id', async () => {
    const { body } = await gateway.graphql('query($id: ID!) { node(id: $id) { id } }', { partner: 'sandbox-rides', variables: { id: ids['Patient'] } });
    expect((body.errors as GraphqlError[])[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('transportation benefit and the ride benefit check', () => {
  it('every field that returns an EligibilityResult (and so its transportation) requires eligibility.read', () => {
    const eligibility = schema.getType('EligibilityResult') as GraphQLObjectType;
    expect(Object.keys(eligibility.getFields())).toContain('transportation');
    const returning = Object.values(schema.getTypeMap())
      .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'))
      .flatMap((type) => Object.values(type.getFields()).filter((field) => getNamedType(field.type) === eligibility).map((field) => ({ type, field })));
    expect(returning.map(({ type, field }) => `${type.name}.${field.name}`).sort()).toEqual(['Coverage.eligibility', 'Query.eligibility']);
    for (const { field } of returning) expect(requiredScopes(field)).toEqual([['eligibility.read']]);
  });

  it('Ride.benefitCheck is a verdict only (under ride.read): no member id, no benefit details', () => {
    const ride = schema.getType('Ride') as GraphQLObjectType;
    expect(ride.astNode?.directives?.map((directive) => directive.name.value)).toContain('requiresScopes');
    const check = getNamedType(ride.getFields()['benefitCheck']!.type) as GraphQLObjectType;
    expect(Object.keys(check.getFields()).sort()).toEqual(['checkedAt', 'mode', 'payerId', 'reason', 'status']);
  });

  it('sandbox-rides is refused transportation for the MNEMT0001 member', async () => {
    const { body } = await gateway.graphql(
      '{ eligibility(input: { payerId: "SANDBOX-PAYER-1", subscriber: { memberId: "MNEMT0001" } }) { transportation { status } } }',
      { partner: 'sandbox-rides' },
    );
    expect((body.errors as GraphqlError[])[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(body.data ?? null).toBeNull();
  });
});
