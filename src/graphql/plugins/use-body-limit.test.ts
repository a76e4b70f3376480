import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useBodyLimit } from './use-body-limit';

const MAX = 1024;
// The parser before and after useBodyLimit's hook: the same function means yoga's own parser was kept.
let parsers: { before?: unknown; after?: unknown } = {};
const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } }),
  plugins: [
    { onRequestParse: ({ requestParser }) => void (parsers = { before: requestParser }) },
    useBodyLimit({ maxBytes: MAX }),
    { onRequestParse: ({ requestParser }) => void (parsers.after = requestParser) },
  ],
  logging: false,
});

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  yoga.fetch('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit);

const streamOf = (text: string, chunkSize = 256) => {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, (offset += chunkSize)));
    },
  });
};

const expectTooLarge = async (response: Response) => {
  expect(response.status).toBe(413);
  expect(await response.json()).toEqual({
    errors: [{ message: `Request body larger than ${MAX} bytes`, extensions: { code: 'BAD_INPUT', retryable: false, details: { limit: 'bodySize', maxBytes: MAX } } }],
  });
};

const query = (padding: number) => JSON.stringify({ query: `{ ok } # ${'x'.repeat(padding)}` });

describe('useBodyLimit', () => {
  it('refuses by Content-Length with the typed 413', async () => {
    await expectTooLarge(await post(query(2 * MAX)));
  });

  it('refuses a chunked body once it passes the limit', async () => {
    await expectTooLarge(await post(streamOf(query(4 * MAX))));
  });

  it('runs a chunked body under the limit through yoga\'s parser', async () => {
    const response = await post(streamOf(query(100)));
    expect(await response.json()).toEqual({ data: { ok: true } });
    expect(parsers.after).not.toBe(parsers.before);
  });

  it('keeps yoga\'s own parser when Content-Length bounds the body', async () => {
    const response = await post(query(MAX - 100), { 'content-length': String(query(MAX - 100).length) });
    expect(await response.json()).toEqual({ data: { ok: true } });
    expect(parsers.before).toBeTypeOf('function');
    expect(parsers.after).toBe(parsers.before);
  });

  it('checks its option at creation', () => {
    expect(() => useBodyLimit({ maxBytes: 0 })).toThrow(RangeError);
    expect(() => useBodyLimit({ maxBytes: 1.5 })).toThrow(RangeError);
  });
});
