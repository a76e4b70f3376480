import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import type { GraphqlServerContext } from '../server-context';
import { useRequestId } from './use-request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const yoga = createYoga<GraphqlServerContext>({
  schema: createSchema<GraphqlServerContext>({ typeDefs: 'type Query { requestId: String }', resolvers: { Query: { requestId: (_root, _args, context) => context.requestId } } }),
  plugins: [useRequestId()],
  logging: false,
});

const post = (headers: Record<string, string> = {}, serverContext: GraphqlServerContext = {}) =>
  yoga.fetch('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"query":"{ requestId }"}' }, serverContext);

describe('useRequestId', () => {
  it('gives the request a fresh id, visible to resolvers and echoed on the response', async () => {
    const response = await post();
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    expect(await response.json()).toEqual({ data: { requestId: id } });
  });

  it("keeps an acceptable client id and replaces one that is not", async () => {
    expect((await post({ 'x-request-id': 'partner-trace-0001' })).headers.get('x-request-id')).toBe('partner-trace-0001');
    expect((await post({ 'x-request-id': 'bad id' })).headers.get('x-request-id')).toMatch(UUID);
  });

  it('keeps the id the transport put in the server context (Hono)', async () => {
    const response = await post({ 'x-request-id': 'ignored-client-id' }, { requestId: 'from-hono-0001' });
    expect(response.headers.get('x-request-id')).toBe('from-hono-0001');
    expect(await response.json()).toEqual({ data: { requestId: 'from-hono-0001' } });
  });

  it('echoes it on responses yoga answers itself (parse errors, unsupported media types)', async () => {
    const broken = await yoga.fetch('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'trace-broken-1' }, body: '{' });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('x-request-id')).toBe('trace-broken-1');
    const unsupported = await yoga.fetch('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' });
    expect(unsupported.status).toBeGreaterThanOrEqual(400);
    expect(unsupported.headers.get('x-request-id')).toMatch(UUID);
  });
});
