import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxScenarioMembers } from '../../adapters/eligibility/sandbox-members';
import { encodeGlobalId } from '../../src/domain/global-id';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway } from '../helpers/gateway';
import { startThrowawayRedis, type ThrowawayRedis } from '../helpers/redis-server';

/**
 * PHI at rest: exercise the sandbox through the gateway (patients, appointments, coverages,
 * eligibility over X12 and JSON), then read the whole Redis directly — every key, every value,
 * the audit stream — and look for the member ids, names and birth dates the answers held.
 * With encryption on there must be none; the same run without encryption must find them
 * (so the scan is known to work).
 */
let simulators: SandboxSimulators;
let redis: ThrowawayRedis;
let patientIds: string[] = [];

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  redis = await startThrowawayRedis();
  const bundle = (await (await fetch(`${simulators.urls['fhir']}/Patient?_count=8`)).json()) as { entry: { resource: { id: string } }[] };
  patientIds = bundle.entry.map((entry) => encodeGlobalId({ type: 'Patient', sourceId: 'sandbox-ehr', localId: entry.resource.id }));
});
afterAll(async () => {
  await redis?.close();
  await simulators?.close();
});

const PATIENT = `query Chart($id: ID!) {
  patient(id: $id) {
    id birthDate name { family given } identifiers { value }
    appointments { id start practitioners { name { family given } } location { name } }
    coverages { memberId payer { id } eligibility { status } }
  }
}`;
const SEARCH = `query Find($family: String!) { patients(search: { family: $family }) { edges { node { id name { family given } birthDate } } } }`;
const ELIGIBILITY = `query Check($input: EligibilityInput!) { eligibility(input: $input) { status } }`;

/** Strings from the answers that are PHI. Short ones are left out: 6+ characters cannot turn up in ciphertext by chance. */
const collectPhi = (value: unknown, into: Set<string>, key = ''): void => {
  if (Array.isArray(value)) for (const item of value) collectPhi(item, into, key);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collectPhi(v, into, k);
  else if (typeof value === 'string' && ['family', 'given', 'birthDate', 'value', 'memberId'].includes(key) && value.length >= 6) into.add(value);
};

/** Runs the sandbox through one gateway and returns the PHI its answers contained. */
async function exercise(env: Record<string, string>): Promise<Set<string>> {
  const gateway = await startTestGateway({ simulators, env: { REDIS_URL: redis.url, ...env } });
  const phi = new Set<string>();
  try {
    for (const id of patientIds) {
      for (let pass = 0; pass < 2; pass++) {
        const { body } = await gateway.graphql(PATIENT, { variables: { id } });
        expect(body.errors).toBeUndefined();
        collectPhi(body.data, phi);
      }
    }
    const family = [...phi].find((value) => /^[A-Z][a-z]+\d+$/.test(value)) as string;
    collectPhi((await gateway.graphql(SEARCH, { variables: { family } })).body.data, phi);
    const members = [
      { payerId: 'SANDBOX-PAYER-1', memberId: sandboxScenarioMembers.activePpo, firstName: 'AVERY', lastName: 'SANDBOX', birthDate: '1980-04-12' },
      { payerId: 'SANDBOX-PAYER-1', memberId: sandboxScenarioMembers.notFound, firstName: 'NOBODY', lastName: 'KNOWNHERE', birthDate: '1970-01-01' },
      { payerId: 'SANDBOX-PAYER-2', memberId: sandboxScenarioMembers.activeHdhp, firstName: 'CASEY', lastName: 'SANDBOX', birthDate: '1992-01-05' },
    ];
    for (const { payerId, ...subscriber } of members) {
      await gateway.graphql(ELIGIBILITY, { variables: { input: { payerId, subscriber, dateOfService: '2030-01-15' } } });
      for (const value of Object.values(subscriber)) if (value.length >= 6) phi.add(value);
    }
  } finally {
    await gateway.close();
  }
  return phi;
}

/** Every key of the namespace and every value (strings, streams, hashes, lists, sets) as text. */
async function readNamespace(namespace: string): Promise<{ keys: string[]; texts: Map<string, string> }> {
  const raw = new Redis(redis.url);
  const keys: string[] = [];
  const texts = new Map<string, string>();
  try {
    let cursor = '0';
    do {
      const [nextCursor, batch] = await raw.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
      cursor = nextCursor;
      keys.push(...batch);
    } while (cursor !== '0');
    for (const key of keys) {
      const type = await raw.type(key);
      const value =
        type === 'string'
          ? await raw.get(key)
          : type === 'stream'
            ? await raw.xrange(key, '-', '+')
            : type === 'hash'
              ? await raw.hgetall(key)
              : type === 'list'
                ? await raw.lrange(key, 0, -1)
                : type === 'set'
                  ? await raw.smembers(key)
                  : await raw.zrange(key, 0, -1);
      texts.set(key, JSON.stringify(value));
    }
  } finally {
    raw.disconnect();
  }
  return { keys, texts };
}

const leaks = (phi: Set<string>, scanned: { keys: string[]; texts: Map<string, string> }) => {
  const found: string[] = [];
  for (const secret of phi) {
    for (const key of scanned.keys) if (key.includes(secret)) found.push(`key ${key} holds ${secret}`);
    for (const [key, text] of scanned.texts) if (text.includes(secret)) found.push(`value of ${key} holds ${secret}`);
  }
  return found;
};

const randomKey = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');

describe('PHI at rest in Redis', () => {
  it('with CACHE_ENCRYPTION_KEY: no member id, name or birth date in any key or value', async () => {
    const phi = await exercise({ REDIS_NAMESPACE: 'phi-sealed', CACHE_ENCRYPTION_KEY: randomKey() });
    expect(phi.size).toBeGreaterThan(20);
    expect([...phi].some((value) => /^\d{4}-\d{2}-\d{2}$/.test(value))).toBe(true); // birth dates were in the answers
    expect(phi.has(sandboxScenarioMembers.activePpo)).toBe(true);

    const scanned = await readNamespace('phi-sealed');
    const kinds = new Set(scanned.keys.map((key) => key.split(':').slice(1, 3).join(':')));
    for (const kind of ['cache:ehr', 'cache:elig', 'audit', 'ratelimit:{partner']) expect(kinds.has(kind), kind).toBe(true);
    expect(scanned.keys.filter((key) => key.startsWith('phi-sealed:cache:ehr:')).length).toBeGreaterThan(20);
    for (const [key, text] of scanned.texts) {
      if (key.includes(':cache:') || key.includes(':store:')) expect(JSON.parse(text)).toMatch(/^g1\./);
    }
    expect(leaks(phi, scanned)).toEqual([]);
  });

  it('without encryption the same scan finds the PHI (the check is real), while key names stay HMACs', async () => {
    const phi = await exercise({ REDIS_NAMESPACE: 'phi-plain' });
    const scanned = await readNamespace('phi-plain');
    const found = leaks(phi, scanned);
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((line) => line.startsWith('key '))).toEqual([]);
  });
});
