import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * Logs at the default level must hold no PHI: run PHI-heavy queries (and failing ones), then
 * look for every patient's names, birth dates and identifiers in what the gateway wrote.
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;

interface FixturePatient {
  name: { family?: string; given?: string[] }[];
  birthDate?: string;
  identifier?: { value?: string }[];
}

const fixturePatients = readFileSync(new URL('../../adapters/ehr/fhir-r4/simulator/data/Patient.000.ndjson', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as FixturePatient);

const phiStrings = fixturePatients.flatMap((patient) => [
  ...patient.name.flatMap((name) => [name.family ?? '', ...(name.given ?? [])]),
  patient.birthDate ?? '',
  ...(patient.identifier ?? []).map((identifier) => identifier.value ?? ''),
]).filter((value) => value.length >= 4);

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({ simulators });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

describe('logs carry no PHI at the default level', () => {
  it('after searches, reads, bad input and forbidden fields', async () => {
    for (const patient of fixturePatients.slice(0, 5)) {
      const family = patient.name[0]?.family ?? '';
      await gateway.graphql(`query Search($f: String!) { patients(search:{family:$f}) { edges { node { id name { family given } birthDate identifiers { value } appointments { start } coverages { memberId } } } } }`, {
        variables: { f: family },
      });
      await gateway.graphql(`query Bad($d: Date!) { patients(search:{birthDate:$d}) { edges { node { id } } } }`, { variables: { d: `${patient.birthDate}x` } });
      await gateway.graphql(`query Forbidden($f: String!) { patients(search:{family:$f}) { edges { node { birthDate } } } }`, {
        partner: 'sandbox-rides',
        variables: { f: family },
      });
    }
    const written = [...gateway.logs, ...gateway.audit.map((event) => JSON.stringify(event))].join('\n');
    expect(gateway.logs.some((line) => line.includes('"msg":"graphql"'))).toBe(true); // the logs are really captured
    expect(gateway.audit.length).toBeGreaterThan(5);
    expect(phiStrings.length).toBeGreaterThan(50);
    const leaked = phiStrings.filter((value) => written.includes(value));
    expect(leaked).toEqual([]);
  });
});
