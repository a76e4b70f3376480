import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentHash } from '../../src/graphql/plugins/use-trusted-documents';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { sandboxSimulator as fhirSandbox } from '../../adapters/ehr/fhir-r4/sandbox';

/**
 * Limits on what one request may ask: body size (before parsing), tokens, depth, cost,
 * aliases, directives (graphql-armor), and the per-partner rate limit on both HTTP paths.
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
const deepQuery = (levels: number) => {
  let inner = 'id';
  for (let level = 4; level < levels; level++) inner = level % 2 === 0 ? `patient { ${inner} }` : `appointments { ${inner} }`;
  return `{ patients(search: { family: "Jast432" }) { edges { node { ${inner} } } } }`;
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
    const fields = 'family given prefix suffix text use '.repeat(150);
    await expectLimit(deepQuery(9).replace('{ id }', `{ id name { ${fields} } }`), 'cost');
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
