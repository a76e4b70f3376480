import { gunzipSync } from 'node:zlib';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useNoStore } from './use-no-store';
import { useResponseCompression } from './use-response-compression';

const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { text(size: Int!): String }', resolvers: { Query: { text: (_: unknown, { size }: { size: number }) => 'x'.repeat(size) } } }),
  logging: false,
  plugins: [useNoStore(), useResponseCompression({ thresholdBytes: 1024 })],
});

const ask = (size: number, headers: Record<string, string> = {}) =>
  yoga.fetch('http://yoga.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: `{ text(size: ${size}) }` }) });

describe('useResponseCompression', () => {
  it('gzips a JSON answer from the threshold up when asked', async () => {
    const response = await ask(4000, { 'accept-encoding': 'gzip, deflate, br' });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8')) as { data: { text: string } };
    expect(body.data.text).toHaveLength(4000);
  });

  it('leaves it alone when not asked, and below the threshold', async () => {
    const unasked = await ask(4000);
    expect(unasked.headers.get('content-encoding')).toBeNull();
    expect(((await unasked.json()) as { data: { text: string } }).data.text).toHaveLength(4000);
    const small = await ask(100, { 'accept-encoding': 'gzip' });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(small.headers.get('cache-control')).toBe('no-store');
  });
});
