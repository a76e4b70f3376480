import { listDurableObjectIds } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import { graphqlContractCases, sandboxAccessToken, type GatewayTarget } from '../shared/graphql-contract-cases';

/**
 * The gateway Worker as deployed (the wrangler bundle, wrangler.toml's bindings) inside workerd,
 * reaching the sandbox simulators that the Node-side global setup started on loopback.
 */
const PUBLIC_URL = 'http://localhost:8787'; // the bundled sandbox config's publicUrl
const worker: GatewayTarget = { publicUrl: PUBLIC_URL, fetch: (path, init) => env.GATEWAY.fetch(`${PUBLIC_URL}${path}`, init) };

describe('GraphQL contract cases in workerd: same answers as the Node gateway', () => {
  const nodeAnswers = inject('nodeAnswers');

  for (const contractCase of graphqlContractCases) {
    it(contractCase.name, async () => {
      const answer = await contractCase.run(worker);
      contractCase.verify(answer);
      expect(nodeAnswers[contractCase.name]).toBeDefined();
      expect(answer).toEqual(nodeAnswers[contractCase.name]);
    });
  }
});

describe('the Worker on Workers-native state', () => {
  it('caches eligibility answers in KV, under HMAC-ed key names', async () => {
    const token = await sandboxAccessToken(PUBLIC_URL, 'sandbox-internal', ['eligibility.read']);
    const response = await worker.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'workerd-trace-0001' },
      body: JSON.stringify({
        query: 'query($input: EligibilityInput!) { eligibility(input: $input) { status freshness { state } } }',
        variables: { input: { payerId: 'SANDBOX-PAYER-2', subscriber: { memberId: 'MACE00003' }, dateOfService: '2030-05-06' } },
      }),
    });
    expect(await response.json()).toEqual({ data: { eligibility: { status: 'ACTIVE', freshness: { state: 'FRESH' } } } });
    expect(response.headers.get('x-request-id')).toBe('workerd-trace-0001');
    const { keys } = await env.GATEWAY_CACHE.list({ prefix: 'caregate:cache:' });
    expect(keys.length).toBeGreaterThan(0);
    expect(JSON.stringify(keys)).not.toContain('MACE00003'); // member ids never in key names
  });

  it('keeps used client-assertion jtis in the Durable Object', async () => {
    const before = (await listDurableObjectIds(env.GATEWAY_STATE)).length;
    const tokenCase = graphqlContractCases.find((c) => c.name.startsWith('token:'));
    expect(tokenCase).toBeDefined();
    await tokenCase!.run(worker);
    expect((await listDurableObjectIds(env.GATEWAY_STATE)).length).toBeGreaterThan(before);
  });

  it('pages patients with sealed cursors: the cursor decodes to no upstream URL, and the next page opens with it', async () => {
    const token = await sandboxAccessToken(PUBLIC_URL, 'sandbox-internal', ['patient.read']);
    const page = async (after: string | null) => {
      const response = await worker.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'query($after: String) { patients(search:{birthDate:"1927-05-21"}, first: 1, after: $after) { edges { node { id } } pageInfo { endCursor } } }',
          variables: { after },
        }),
      });
      return (await response.json<{ data: { patients: { edges: { node: { id: string } }[]; pageInfo: { endCursor: string | null } } } }>()).data.patients;
    };
    const first = await page(null);
    const cursor = first.pageInfo.endCursor as string;
    const decoded = atob(cursor.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (cursor.length % 4)) % 4));
    for (const secret of ['http', '127.0.0.1', '_page_token', 'aHR0c']) expect(decoded).not.toContain(secret);
    const second = await page(cursor);
    expect(second.edges).toHaveLength(1);
    expect(second.edges[0]?.node.id).not.toBe(first.edges[0]?.node.id);
  });

  it('reports every source and the Durable Object in /readyz', async () => {
    const response = await worker.fetch('/readyz');
    expect(response.status).toBe(200);
    const report = await response.json<{ status: string; checks: Record<string, string> }>();
    expect(report.status).toBe('ready');
    expect(report.checks).toMatchObject({ 'source:sandbox-ehr': 'up', 'source:sandbox-x12': 'up', 'source:sandbox-clearinghouse': 'up', 'durable-object': 'up' });
    expect(Object.values(report.checks).every((state) => state === 'up')).toBe(true);
  });

  it('serves Apollo persisted queries from KV: unknown hash, registration with the text, then the hash alone', async () => {
    const token = await sandboxAccessToken(PUBLIC_URL, 'sandbox-internal', ['eligibility.read']);
    const query = `query WorkerApq { eligibility(input: { payerId: "SANDBOX-PAYER-2", subscriber: { memberId: "MACE00003" }, dateOfService: "2030-05-07" }) { status } }`;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(query)));
    const sha256Hash = [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    const post = async (body: Record<string, unknown>) => {
      const response = await worker.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ ...body, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
      });
      return await response.json<{ data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] }>();
    };
    const unknown = await post({});
    expect(unknown.errors?.[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
    expect(await post({ query })).toEqual({ data: { eligibility: { status: 'ACTIVE' } } });
    expect((await env.GATEWAY_CACHE.list({ prefix: `caregate:cache:apq:${sha256Hash}` })).keys).toHaveLength(1);
    expect(await post({})).toEqual({ data: { eligibility: { status: 'ACTIVE' } } });
  });
});
