import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureDocument } from './document-shape';

const limits = { maxFields: 10, maxDuplicateSelections: 2 };
const measure = (query: string, given = limits) => measureDocument(parse(query), given);

describe('measureDocument', () => {
  it('counts field selections and fragment spreads, fragments where they are defined', () => {
    expect(measure('{ a b c { d e } ...F } fragment F on Query { f g h i }')).toEqual({ ok: true }); // 10
    expect(measure('{ a b c { d e } ...F } fragment F on Query { f g h i j }')).toEqual({ ok: false, limit: 'fields', max: 10 });
  });

  it('counts repeated response keys and spreads within one selection set, not across sets', () => {
    expect(measure('{ a { id } b { id } c { id } }')).toEqual({ ok: true });
    expect(measure('{ a { id id id } }')).toEqual({ ok: true }); // two repeats
    expect(measure('{ a { id id id id } }')).toEqual({ ok: false, limit: 'duplicateSelections', max: 2 });
    expect(measure('{ x: a y: a x: b x: c }')).toEqual({ ok: true }); // aliases are the key
    expect(measure('{ x: a x: b x: c x: d }')).toEqual({ ok: false, limit: 'duplicateSelections', max: 2 });
    expect(measure('{ ...F ...F ...F ...F } fragment F on Query { a }')).toEqual({ ok: false, limit: 'duplicateSelections', max: 2 });
  });

  it('merges inline fragments into their parent set by type condition', () => {
    // graphql-js merges these into one set of `id`s: still repeats.
    expect(measure('{ n { id ... { id } ... { id } ... { id } } }')).toEqual({ ok: false, limit: 'duplicateSelections', max: 2 });
    expect(measure('{ n { ... on A { id } ... on A { id } ... on A { id } ... on A { id } } }')).toEqual({ ok: false, limit: 'duplicateSelections', max: 2 });
    // One `id` per type of a union/interface is the normal way to ask.
    expect(measure('{ n { ... on A { id } ... on B { id } ... on C { id } ... on D { id } } }')).toEqual({ ok: true });
  });

  it('counts every selection of a 2,000-token document of repeats (its cost is measured by npm run loadtest:attack)', () => {
    const document = parse(`{ viewer { ${'id '.repeat(1990)} } }`);
    expect(measureDocument(document, { maxFields: 10_000, maxDuplicateSelections: 10_000 })).toEqual({ ok: true });
    expect(measureDocument(document, { maxFields: 1991, maxDuplicateSelections: 10_000 })).toEqual({ ok: true });
    expect(measureDocument(document, { maxFields: 1990, maxDuplicateSelections: 10_000 })).toEqual({ ok: false, limit: 'fields', max: 1990 });
    expect(measureDocument(document, { maxFields: 10_000, maxDuplicateSelections: 1988 })).toEqual({ ok: false, limit: 'duplicateSelections', max: 1988 });
  });
});
