import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useStringInputLimit } from './use-string-input-limit';

let executed = 0;
const yoga = createYoga({
  schema: createSchema({
    typeDefs: `
      input Person { memberId: String, after: String, tags: [String!] }
      type Query { echo(text: String, person: Person, after: String): Int }
    `,
    resolvers: { Query: { echo: () => ++executed } },
  }),
  plugins: [useStringInputLimit({ maxChars: 10, longer: { after: 20 } })],
  logging: false,
});

interface Answer {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string; details?: { limit?: string; max?: number; field?: string } } }[];
}

const run = async (query: string, variables?: Record<string, unknown>): Promise<Answer> => {
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Answer;
};

const refusedAt = async (query: string, variables?: Record<string, unknown>) => {
  const before = executed;
  const answer = await run(query, variables);
  expect(executed, 'no resolver ran').toBe(before);
  expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
  expect(answer.errors?.[0]?.extensions?.details?.limit).toBe('stringLength');
  return answer.errors?.[0]?.extensions?.details;
};

describe('useStringInputLimit', () => {
  it('lets strings up to the limit through', async () => {
    expect((await run('{ echo(text: "0123456789") }')).data).toEqual({ echo: expect.any(Number) as number });
    expect((await run('query($p: Person) { echo(person: $p) }', { p: { memberId: '0123456789', tags: ['a'] } })).errors).toBeUndefined();
  });

  it('refuses a long literal, naming where it stands', async () => {
    expect(await refusedAt('{ echo(text: "01234567890") }')).toEqual({ limit: 'stringLength', max: 10, field: 'echo.text' });
    expect(await refusedAt('{ echo(person: { tags: ["ok", "01234567890"] }) }')).toMatchObject({ field: 'echo.person.tags.1' });
  });

  it('refuses a long variable, nested or in a list', async () => {
    expect(await refusedAt('query($t: String) { echo(text: $t) }', { t: 'x'.repeat(11) })).toMatchObject({ field: '$t', max: 10 });
    expect(await refusedAt('query($p: Person) { echo(person: $p) }', { p: { memberId: 'x'.repeat(11) } })).toMatchObject({ field: '$p.memberId' });
    expect(await refusedAt('query($p: Person) { echo(person: $p) }', { p: { tags: ['ok', 'x'.repeat(11)] } })).toMatchObject({ field: '$p.tags.1' });
  });

  it('allows the fields declared longer, literal or variable, and no more', async () => {
    expect((await run('{ echo(after: "01234567890123456789") }')).errors).toBeUndefined();
    expect((await run('query($a: String) { echo(after: $a) }', { a: 'x'.repeat(20) })).errors).toBeUndefined();
    expect((await run('query($p: Person) { echo(person: $p) }', { p: { after: 'x'.repeat(20) } })).errors).toBeUndefined();
    expect(await refusedAt('query($a: String) { echo(after: $a) }', { a: 'x'.repeat(21) })).toMatchObject({ field: '$a', max: 20 });
    // A variable used both where 20 and where 10 is allowed gets the smaller allowance.
    expect(await refusedAt('query($a: String) { one: echo(after: $a) two: echo(text: $a) }', { a: 'x'.repeat(15) })).toMatchObject({ field: '$a', max: 10 });
  });

  it('checks arguments inside fragments too', async () => {
    expect(await refusedAt('query { ...F } fragment F on Query { echo(text: "01234567890") }')).toMatchObject({ field: 'echo.text' });
  });
});
