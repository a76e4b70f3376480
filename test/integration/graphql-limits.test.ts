import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentHash } from '../../src/graphql/plugins/use-trusted-documents';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { sandboxSimulator as fhirSandbox } from '../../adapters/ehr/fhir-r4/sandbox';
import { sandboxScenarioMembers } from '../../adapters/eligibility/sandbox-members';
import { sandboxSimulator as x12CoreSandbox } from '../../adapters/eligibility/x12-core/sandbox';

/**
 * Limits on what one request may ask: body size (before parsing), tokens, field selections and
 * repeated selections (before validation), depth, cost, aliases, directives (graphql-armor), the
 * per-request budget of upstream calls, and the per-partner rate limit on both HTTP paths.
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;

const TRUSTED = '{ viewer { id } }';

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  const trusted = await documentHash(TRUSTED);
  gateway = await startTestGateway({
    simulators,
    adjustConfig: (config) => ({
      ...config,
      partners: [
        ...config.partners,
        { ...config.partners[0]!, id: 'limited-partner', rateLimit: { perSecond: 0.2, burst: 3 } },
        { ...config.partners[0]!, id: 'trusting-partner', trustedDocuments: { sha256: [trusted] } },
      ],
    }),
  });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

interface GraphqlError {
  message: string;
  extensions?: { code?: string; details?: { limit?: string; reason?: string } };
}

const fhirCalls = () => simulators.of(fhirSandbox).requestLog.count();

/** Refused by a limit: code BAD_INPUT naming the limit, and no upstream call made. */
async function expectLimit(query: string, limit: string) {
  const before = fhirCalls();
  // Status 200: yoga follows GraphQL over HTTP, where application/json answers carry validation errors with 200.
  const { body } = await gateway.graphql(query);
  const errors = (body.errors ?? []) as GraphqlError[];
  expect(errors.some((error) => error.extensions?.code === 'BAD_INPUT' && error.extensions.details?.limit === limit)).toBe(true);
  expect(body.data ?? null).toBeNull();
  expect(fhirCalls()).toBe(before);
  return errors;
}

/** `levels` nested selections through the Appointment.patient / Patient.appointments cycle. */
const deepQuery = (levels: number, patientsArgs = '') => {
  let inner = 'id';
  for (let level = 4; level < levels; level++) inner = level % 2 === 0 ? `patient { ${inner} }` : `appointments { ${inner} }`;
  return `{ patients(search: { family: "Jast432" }${patientsArgs}) { edges { node { ${inner} } } } }`;
};

describe('query shape limits (graphql-armor)', () => {
  it('refuses a query 50 levels deep', async () => {
    const errors = await expectLimit(deepQuery(50), 'depth');
    expect(errors.find((error) => error.extensions?.details?.limit === 'depth')?.message).toMatch(/depth limit of 12 exceeded, found 50/);
  });

  it('still runs a legitimately deep query', async () => {
    const { body } = await gateway.graphql(deepQuery(10));
    expect(body.errors).toBeUndefined();
  });

  it('refuses a query with 1,000 aliases (stopped by the token limit while parsing)', async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ');
    await expectLimit(`{ ${aliases} }`, 'tokens');
  });

  it('refuses more aliases than allowed even when the document is short', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: viewer { id }`).join(' ');
    await expectLimit(`{ ${aliases} }`, 'aliases');
  });

  it('refuses too many directives', async () => {
    await expectLimit(`{ viewer { id ${'@include(if: true) '.repeat(30)} } }`, 'directives');
  });

  it('refuses a query over the cost budget', async () => {
    // Every field once (repeats are refused before cost is counted, see below), 50 per page, 10 levels deep.
    const leaf = 'id gender birthDate deceased name { family given prefix suffix text use } identifiers { system value type } address { use line city state postalCode country }';
    await expectLimit(deepQuery(10, ', first: 50').replace('{ id }', `{ ${leaf} }`), 'cost');
  });
});

describe('document size limits, before validation', () => {
  /**
   * Refused every time, a fresh comment each time so no parse or validation cache can answer.
   * That it happens before validation is proven in-process (use-document-limits.test.ts); how
   * fast, beside normal traffic, by `npm run loadtest:attack`.
   */
  async function expectFastRefusal(query: (nonce: number) => string, limit: string) {
    for (let nonce = 0; nonce < 9; nonce++) await expectLimit(query(nonce), limit);
  }

  it('refuses a few hundred repeated selections (the validation-cost attack)', async () => {
    await expectFastRefusal((nonce) => `# ${nonce}\n{ ${'viewer { id } '.repeat(300)} }`, 'duplicateSelections');
  });

  it("refuses the cost test's old document (900 repeated name fields) before counting its cost", async () => {
    const fields = 'family given prefix suffix text use '.repeat(150);
    await expectLimit(deepQuery(9).replace('{ id }', `{ id name { ${fields} } }`), 'duplicateSelections');
  });

  it('refuses more than 200 field selections even when none repeats', async () => {
    const fragments = Array.from({ length: 101 }, (_, i) => `fragment F${i} on Partner { id }`).join(' ');
    const spreads = Array.from({ length: 101 }, (_, i) => `...F${i}`).join(' ');
    await expectFastRefusal((nonce) => `# ${nonce}\n{ viewer { ${spreads} } } ${fragments}`, 'fields');
  });

  it('still runs an ordinary document with a repeated field or two', async () => {
    const { body } = await gateway.graphql('{ viewer { id id scopes } again: viewer { id } }');
    expect(body).toEqual({ data: { viewer: { id: 'sandbox-internal', scopes: expect.any(Array) as unknown }, again: { id: 'sandbox-internal' } } });
  });
});

describe('per-request budget of upstream calls (10)', () => {
  const budgetError = { code: 'BAD_INPUT', retryable: false, details: { limit: 'upstreamCalls', max: 10 } };
  const pathsOf = (errors: unknown) => ((errors ?? []) as { path?: (string | number)[] }[]).map((error) => error.path);

  it('makes 10 payer calls for 12 aliased eligibility checks, and refuses the last two', async () => {
    const fields = Array.from(
      { length: 12 },
      // A different date of service each: no check is answered from the cache.
      (_, i) => `c${i}: eligibility(input: { payerId: "SANDBOX-PAYER-1", subscriber: { memberId: "${sandboxScenarioMembers.activePpo}" }, dateOfService: "2031-02-${String(i + 1).padStart(2, '0')}" }) { status }`,
    );
    const calls = () => simulators.of(x12CoreSandbox).calls.length;
    const before = calls();
    const { body } = await gateway.graphql(`{ ${fields.join(' ')} }`);
    // `eligibility` is non-null, so the first refused field nulls `data` (GraphQL's rule: graphql-js
    // reports that one error) and the answer goes out while the admitted checks still run: wait
    // for them, then make sure no more come.
    expect(body.data).toBeNull();
    expect(pathsOf(body.errors)).toEqual([['c10']]);
    expect(body.errors?.[0]?.extensions).toEqual(budgetError);
    await expect.poll(() => calls() - before, { timeout: 5000 }).toBe(10);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls() - before).toBe(10);
  });

  it('counts EHR searches too: the fields past the budget fail and the others answer; a batch of many ids is one call', async () => {
    const { body: found } = await gateway.graphql<{ patients: { edges: { node: { id: string } }[] } }>('{ patients(search: { family: "Jast432" }) { edges { node { id } } } }');
    const id = found.data?.patients.edges[0]?.node.id ?? '';
    // One batched patient read, then one appointment search per distinct filter: 12 calls.
    const fields = Array.from({ length: 11 }, (_, i) => `p${i}: patient(id: "${id}") { id appointments(from: "2020-01-01T00:${String(i).padStart(2, '0')}:00Z") { id } }`);
    const before = fhirCalls();
    const { body } = await gateway.graphql(`{ ${fields.join(' ')} }`);
    expect(fhirCalls() - before).toBe(10);
    expect(pathsOf(body.errors)).toEqual([['p9', 'appointments'], ['p10', 'appointments']]);
    for (const error of body.errors ?? []) expect(error.extensions).toEqual(budgetError);
    const data = body.data as Record<string, { id: string; appointments: unknown[] } | null>;
    for (let i = 0; i < 9; i++) expect(data[`p${i}`]?.appointments.length).toBeGreaterThan(0);
    expect(data['p9']).toBeNull(); // Patient.appointments is non-null: its error nulls the patient
  });
});

describe('request body size, before any parsing', () => {
  const post = (body: BodyInit, headers: Record<string, string>) =>
    gateway.token('sandbox-internal').then((token) =>
      fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body,
        duplex: 'half',
      } as RequestInit),
    );

  const expectTooLarge = async (response: Response) => {
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: GraphqlError[] };
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', details: { limit: 'bodySize' } });
  };

  it('refuses a 1 MB query by its Content-Length', async () => {
    const query = `{ viewer { id } } # ${'x'.repeat(1024 * 1024)}`;
    await expectTooLarge(await post(JSON.stringify({ query }), {}));
  });

  it('refuses a chunked 1 MB body without a Content-Length once it passes the limit', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query":"{ viewer { id } }","pad":"'));
        if (sent >= 16) {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
          return;
        }
        sent++;
        controller.enqueue(chunk);
      },
    });
    await expectTooLarge(await post(stream, {}));
  });

  it('refuses it on the Hono path too (Workers)', async () => {
    const token = await gateway.token('sandbox-internal');
    const body = JSON.stringify({ query: `{ viewer { id } } # ${'x'.repeat(1024 * 1024)}` });
    const request = new Request('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    await expectTooLarge(await gateway.container.app.fetch(request));
  });

  it('accepts a body just under the limit', async () => {
    const response = await post(JSON.stringify({ query: `{ viewer { id } } # ${'x'.repeat(200 * 1024)}` }), {});
    expect(response.status).toBe(200);
  });
});

describe('per-partner rate limit', () => {
  it('answers 429 RATE_LIMITED with Retry-After once the burst is spent, on the Node path and the Hono path alike', async () => {
    const token = await gateway.token('limited-partner');
    const init = () => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    const viaNode = () => fetch(`${gateway.url}/graphql`, init());
    const viaHono = () => gateway.container.app.fetch(new Request('http://gateway.test/graphql', init()));
    expect((await viaNode()).status).toBe(200);
    expect((await viaHono()).status).toBe(200);
    expect((await viaNode()).status).toBe(200);
    for (const refused of [await viaNode(), await viaHono()]) {
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = (await refused.json()) as { errors: GraphqlError[] };
      expect(body.errors[0]?.extensions?.code).toBe('RATE_LIMITED');
    }
    // Another partner has its own bucket.
    expect((await gateway.graphql('{ viewer { id } }', { partner: 'sandbox-payer' })).status).toBe(200);
  });
});

describe('trusted documents (per partner, off by default)', () => {
  it('runs only the listed documents for a partner that has a list', async () => {
    const allowed = await gateway.graphql(TRUSTED, { partner: 'trusting-partner' });
    expect(allowed.body).toEqual({ data: { viewer: { id: 'trusting-partner' } } });
    const refused = await gateway.graphql('{ viewer { id name } }', { partner: 'trusting-partner' });
    const error = (refused.body.errors as GraphqlError[])[0];
    expect(error?.extensions?.code).toBe('FORBIDDEN');
    expect(error?.extensions?.details?.reason).toBe('untrusted-document');
    expect(refused.body.data).toBeUndefined();
  });

  it('leaves partners without a list alone', async () => {
    const { body } = await gateway.graphql('{ viewer { id name } }', { partner: 'sandbox-internal' });
    expect(body.errors).toBeUndefined();
  });
});
