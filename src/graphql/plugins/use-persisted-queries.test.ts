import { createSchema, createYoga } from 'graphql-yoga';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../../adapters/state/memory';
import { createTestGate, type TestGate } from '../../../test/helpers/partner-gate';
import { manualClock } from '../../../test/shared/manual-clock';
import { cachePersistedQueryStore, PERSISTED_QUERY_TTL_SECONDS } from '../persisted-queries/persisted-query-store';
import type { GraphqlServerContext } from '../server-context';
import { usePartnerAuth } from './use-partner-auth';
import { usePersistedQueries } from './use-persisted-queries';
import { useRequestId } from './use-request-id';
import { documentHash, useTrustedDocuments } from './use-trusted-documents';

const TRUSTED = '{ ok }';
const UNTRUSTED = '{ other }';
const clock = manualClock();
let testGate: TestGate;
let yoga: ReturnType<typeof createYoga<GraphqlServerContext>>;
let otherRuns = 0;

beforeAll(async () => {
  const trusted = await documentHash(TRUSTED);
  testGate = await createTestGate({ extraPartners: (base) => [{ ...base, id: 'trusting', trustedDocuments: { sha256: [trusted] } }] });
  const store = cachePersistedQueryStore(createMemoryCache({ clock, maxEntries: 100 }));
  yoga = createYoga<GraphqlServerContext>({
    schema: createSchema({ typeDefs: 'type Query { ok: Boolean, other: Boolean }', resolvers: { Query: { ok: () => true, other: () => ++otherRuns > 0 } } }),
    plugins: [useRequestId(), usePartnerAuth(testGate.gate), usePersistedQueries(store), useTrustedDocuments()],
    logging: false,
  });
});

interface Answer {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string; details?: { reason?: string } } }[];
}

const run = async (partnerId: string, body: { query?: string; sha256: string; version?: number }) => {
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await testGate.bearer(partnerId)) },
    body: JSON.stringify({ query: body.query, extensions: { persistedQuery: { version: body.version ?? 1, sha256Hash: body.sha256 } } }),
  });
  return { status: response.status, body: (await response.json()) as Answer };
};

describe('usePersistedQueries (Apollo APQ)', () => {
  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, registers hash + text, then runs hash-only', async () => {
    const sha256 = await documentHash('{ ok other }');
    const first = await run('sandbox-internal', { sha256 });
    expect(first.status).toBe(200);
    expect(first.body.data).toBeUndefined();
    expect(first.body.errors?.[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
    expect((await run('sandbox-internal', { sha256, query: '{ ok other }' })).body).toEqual({ data: { ok: true, other: true } });
    expect((await run('sandbox-internal', { sha256 })).body).toEqual({ data: { ok: true, other: true } });
  });

  it('forgets a text after its TTL (the client re-registers it)', async () => {
    const sha256 = await documentHash('{ ok }');
    await run('sandbox-internal', { sha256, query: '{ ok }' });
    expect((await run('sandbox-internal', { sha256 })).body).toEqual({ data: { ok: true } });
    clock.advance((PERSISTED_QUERY_TTL_SECONDS + 1) * 1000);
    expect((await run('sandbox-internal', { sha256 })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses a text that does not match its hash, and does not store it under that hash', async () => {
    const sha256 = await documentHash('{ ok }');
    const mismatch = await run('sandbox-internal', { sha256, query: UNTRUSTED });
    expect(mismatch.body.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    expect((await run('sandbox-internal', { sha256 })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses other protocol versions and malformed hashes', async () => {
    expect((await run('sandbox-internal', { sha256: await documentHash('{ ok }'), version: 2 })).body.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    expect((await run('sandbox-internal', { sha256: 'not-a-hash' })).body.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
  });

  it('lets a partner with trusted documents send a trusted hash alone, and never runs an APQ-registered untrusted one', async () => {
    const trusted = await documentHash(TRUSTED);
    await run('trusting', { sha256: trusted, query: TRUSTED });
    expect((await run('trusting', { sha256: trusted })).body).toEqual({ data: { ok: true } });

    const untrusted = await documentHash(UNTRUSTED);
    const before = otherRuns;
    // Registered by a partner without a list, so the store has the text.
    expect((await run('sandbox-internal', { sha256: untrusted, query: UNTRUSTED })).body).toEqual({ data: { other: true } });
    const hashOnly = await run('trusting', { sha256: untrusted });
    expect(hashOnly.body.data).toBeUndefined();
    expect(hashOnly.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'untrusted-document' } });
    expect(otherRuns).toBe(before + 1);
  });

  it('reads the extension from a GET query string too (Apollo useGETForHashedQueries)', async () => {
    const sha256 = await documentHash('{ ok }');
    await run('sandbox-internal', { sha256, query: '{ ok }' });
    const extensions = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256 } }));
    const response = await yoga.fetch(`http://gateway.test/graphql?extensions=${extensions}`, { headers: await testGate.bearer('sandbox-internal') });
    expect(await response.json()).toEqual({ data: { ok: true } });
  });
});
