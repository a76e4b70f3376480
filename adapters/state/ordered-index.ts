import { GatewayError } from '../../src/domain/errors';
import type { IndexCursor, IndexEntry, IndexRangeQuery } from '../../src/ports/store';

/** Largest page an index read answers: a caller wanting more pages on with the cursor. */
export const MAX_INDEX_PAGE = 1000;

/**
 * Byte order of the members' UTF-8, which is what Redis sorted sets and SQLite's BINARY
 * collation use for equal scores. Comparing by code point gives exactly that order (UTF-16
 * code units would not, past U+FFFF), so every backend pages the same way.
 */
export const compareMembers = (a: string, b: string): number => {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const difference = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
};

export const compareEntries = (a: IndexEntry, b: IndexEntry): number => a.score - b.score || compareMembers(a.member, b.member);

/** Strictly after the cursor in index order. */
export const isAfter = (entry: IndexEntry, cursor: IndexCursor): boolean => compareEntries(entry, cursor) > 0;

const invalid = (message: string) => new GatewayError('INTERNAL', message, { details: { component: 'store' } });

/** Programming errors, caught the same way on every backend before anything is sent. */
export const checkIndexWrite = (index: string, member: string, score?: number): void => {
  if (index === '') throw invalid('An index needs a name');
  if (member === '') throw invalid('An index member must not be empty');
  if (score !== undefined && !Number.isFinite(score)) throw invalid('An index score must be a finite number');
};

export const checkIndexQuery = (index: string, query: IndexRangeQuery): void => {
  if (index === '') throw invalid('An index needs a name');
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_INDEX_PAGE) throw invalid(`An index page holds 1..${MAX_INDEX_PAGE} entries`);
  for (const bound of [query.min, query.max, query.after?.score]) {
    if (bound !== undefined && !Number.isFinite(bound)) throw invalid('Index bounds must be finite numbers');
  }
};

/** The page's cursor: its last entry when the page is full (there may be more), else null. */
export const nextCursor = (entries: readonly IndexEntry[], limit: number): IndexCursor | null => {
  const last = entries[entries.length - 1];
  return entries.length === limit && last ? { score: last.score, member: last.member } : null;
};
