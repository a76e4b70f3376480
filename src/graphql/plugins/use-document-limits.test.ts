import { createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRAPHQL_LIMITS } from '../../../config/graphql-limits';
import { buildSchema } from '../create-yoga';
import { useDocumentLimits } from './use-document-limits';

/** Counts graphql-js validations that actually ran (yoga's cache answers the others). */
const validations = { count: 0 };
const countValidations: Plugin = {
  onValidate: () => () => {
    validations.count++;
  },
};

const yoga = createYoga({ schema: buildSchema(), plugins: [useDocumentLimits(DEFAULT_GRAPHQL_LIMITS), countValidations], logging: false });

const post = async (query: string) => {
  const response = await yoga.fetch('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
};

/** The attack of issue 10: a few hundred repeated selections, a fresh comment each time so no cache helps. */
const attack = (nonce: number) => `# ${nonce}\n{ ${'viewer { id } '.repeat(300)} }`;

describe('useDocumentLimits', () => {
  // Speed is measured by `npm run loadtest:attack`, never asserted here: what must hold is that
  // graphql-js validation (the 50-100 ms part) never runs for these documents.
  it('refuses a document of repeated selections before validation, naming the limit', async () => {
    const before = validations.count;
    for (let nonce = 0; nonce < 20; nonce++) {
      const { data, errors } = await post(attack(nonce));
      expect(data).toBeUndefined();
      expect(errors).toHaveLength(1);
      expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_INPUT', retryable: false, details: { limit: 'duplicateSelections', max: DEFAULT_GRAPHQL_LIMITS.maxDuplicateSelections } });
    }
    expect(validations.count).toBe(before);
  });

  it('refuses more field selections than allowed, none of them repeated', async () => {
    const fields = Array.from({ length: 101 }, (_, i) => `v${i}: viewer { id }`).join(' ');
    const { errors } = await post(`{ ${fields} }`);
    expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_INPUT', retryable: false, details: { limit: 'fields', max: 200 } });
  });

  it('refuses repeats even when the document is small', async () => {
    const { errors } = await post(`{ viewer { ${'id '.repeat(25)} } }`);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', details: { limit: 'duplicateSelections', max: 20 } });
  });

  it('lets an ordinary document through to validation and execution', async () => {
    const before = validations.count;
    const { errors } = await post('{ __typename a: __typename }');
    expect(errors).toBeUndefined();
    expect(validations.count).toBe(before + 1);
  });
});
