import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxTwoPayerMembers } from '../../adapters/eligibility/sandbox-members';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * A payer partner sees only its own plan's coverages (config `payerIds`): Cummings51 has a
 * coverage at each sandbox payer; `sandbox-payer` (SANDBOX-PAYER-1) and `sandbox-payer-b`
 * (SANDBOX-PAYER-2) must each see, check and be audited for their own one only.
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;

const PAYER_1 = 'SANDBOX-PAYER-1';
const PAYER_2 = 'SANDBOX-PAYER-2';
/** A plan partner configured without payer ids (the config default). */
const NO_PAYERS = 'plan-without-payer-ids';

interface CoverageView {
  id: string;
  memberId: string | null;
  payer: { id: string | null };
}

let patientId = '';
/** Cummings51's coverages as sandbox-internal (both payers) sees them, by payer id. */
const coverageOf: Record<string, CoverageView> = {};

const COVERAGES = 'query($id: ID!) { patient(id: $id) { id coverages { id memberId payer { id } } } }';

const coveragesAs = async (partner: string) => {
  const { body } = await gateway.graphql<{ patient: { coverages: CoverageView[] } | null }>(COVERAGES, { partner, variables: { id: patientId } });
  expect(body.errors).toBeUndefined();
  return { coverages: body.data?.patient?.coverages ?? [], text: JSON.stringify(body) };
};

const ELIGIBILITY = 'query($input: EligibilityInput!) { eligibility(input: $input) { status } }';

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({
    simulators,
    adjustConfig: (config) => ({
      ...config,
      partners: [
        ...config.partners,
        { ...config.partners.find((p) => p.id === 'sandbox-payer')!, id: NO_PAYERS, name: 'Plan without payer ids', payerIds: [], keys: undefined },
      ],
    }),
  });
  const { body } = await gateway.graphql<{ patients: { edges: { node: { id: string; coverages: CoverageView[] } }[] } }>(
    '{ patients(search: { family: "Cummings51" }) { edges { node { id coverages { id memberId payer { id } } } } } }',
  );
  const patient = body.data?.patients.edges[0]?.node;
  if (!patient) throw new Error('sandbox patient Cummings51 is missing');
  patientId = patient.id;
  for (const coverage of patient.coverages) coverageOf[coverage.payer.id ?? ''] = coverage;
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

describe('coverages by the partner\'s payer ids', () => {
  it('gives the sandbox a patient with a coverage at each sandbox payer (sandbox-internal lists both)', () => {
    expect(coverageOf[PAYER_1]?.memberId).toBe(sandboxTwoPayerMembers[PAYER_1]);
    expect(coverageOf[PAYER_2]?.memberId).toBe(sandboxTwoPayerMembers[PAYER_2]);
  });

  for (const [partner, own, other] of [
    ['sandbox-payer', PAYER_1, PAYER_2],
    ['sandbox-payer-b', PAYER_2, PAYER_1],
  ] as const) {
    describe(partner, () => {
      it(`sees only the ${own} coverage, and is audited for that one only`, async () => {
        gateway.audit.length = 0;
        const { coverages, text } = await coveragesAs(partner);
        expect(coverages).toEqual([coverageOf[own]]);
        expect(text).not.toContain(coverageOf[other]!.id);
        expect(text).not.toContain(sandboxTwoPayerMembers[other]);
        const coverageEvents = gateway.audit.filter((event) => event.resourceType === 'Coverage');
        expect(coverageEvents.map((event) => [event.partnerId, event.action, event.resourceIds])).toEqual([[partner, 'search', [coverageOf[own]!.id]]]);
      });

      it('runs eligibility for its own coverage, through its own source', async () => {
        const { body } = await gateway.graphql<{ node: { eligibility: { status: string; payer: { id: string } } } }>(
          'query($id: ID!) { node(id: $id) { ... on Coverage { eligibility(dateOfService: "2030-01-15") { status payer { id } } } } }',
          { partner, variables: { id: coverageOf[own]!.id } },
        );
        expect(body.errors).toBeUndefined();
        expect(body.data?.node.eligibility).toEqual({ status: 'ACTIVE', payer: { id: own } });
      });

      it(`reads the ${other} coverage by id as absent, unaudited`, async () => {
        gateway.audit.length = 0;
        const { body } = await gateway.graphql(
          'query($id: ID!) { node(id: $id) { id ... on Coverage { memberId eligibility { status } } } }',
          { partner, variables: { id: coverageOf[other]!.id } },
        );
        expect(body).toEqual({ data: { node: null } });
        expect(gateway.audit.filter((event) => event.resourceType === 'Coverage' || event.resourceType === 'Eligibility')).toEqual([]);
      });

      it(`cannot run eligibility for the ${other} member`, async () => {
        const { body } = await gateway.graphql(ELIGIBILITY, {
          partner,
          variables: { input: { payerId: other, subscriber: { memberId: sandboxTwoPayerMembers[other] }, dateOfService: '2030-01-15' } },
        });
        expect(body.data ?? null).toBeNull();
        expect(body.errors?.map((error) => error.extensions?.['code'])).toEqual(['FORBIDDEN']);
        expect(JSON.stringify(body)).not.toContain(sandboxTwoPayerMembers[other]);
      });
    });
  }

  it('shows a partner with no payer ids no coverage at all (least privilege), nor eligibility', async () => {
    const { coverages } = await coveragesAs(NO_PAYERS);
    expect(coverages).toEqual([]);
    const byId = await gateway.graphql('query($id: ID!) { node(id: $id) { id } }', { partner: NO_PAYERS, variables: { id: coverageOf[PAYER_1]!.id } });
    expect(byId.body).toEqual({ data: { node: null } });
    const check = await gateway.graphql(ELIGIBILITY, {
      partner: NO_PAYERS,
      variables: { input: { payerId: PAYER_1, subscriber: { memberId: sandboxTwoPayerMembers[PAYER_1] }, dateOfService: '2030-01-15' } },
    });
    expect(check.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('shows every payer\'s coverage to a partner configured with both (sandbox-internal)', async () => {
    const { coverages } = await coveragesAs('sandbox-internal');
    expect(coverages.map((coverage) => coverage.payer.id).sort()).toEqual([PAYER_1, PAYER_2]);
  });
});
