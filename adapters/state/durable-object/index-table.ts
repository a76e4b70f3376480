import type { IndexEntry } from '../../../src/ports/store';

/** What the object is asked for: bounds and cursor already checked by the client. */
export interface IndexRangeArgs {
  min: number | null;
  max: number | null;
  limit: number;
  after: { score: number; member: string } | null;
}

export const addIndexEntry = (sql: SqlStorage, name: string, member: string, score: number): void => {
  sql.exec(
    'INSERT INTO index_entries (name, member, score) VALUES (?, ?, ?) ON CONFLICT (name, member) DO UPDATE SET score = excluded.score',
    name,
    member,
    score,
  );
};

export const removeIndexEntry = (sql: SqlStorage, name: string, member: string): void => {
  sql.exec('DELETE FROM index_entries WHERE name = ? AND member = ?', name, member);
};

/**
 * Entries in (score, member) order. TEXT compares with SQLite's BINARY collation, i.e. by the
 * UTF-8 bytes, the same order Redis sorted sets use for equal scores.
 */
export const readIndexEntries = (sql: SqlStorage, name: string, { min, max, limit, after }: IndexRangeArgs): IndexEntry[] => {
  const conditions = ['name = ?'];
  const bindings: (string | number)[] = [name];
  const where = (condition: string, ...values: (string | number)[]) => {
    conditions.push(condition);
    bindings.push(...values);
  };
  if (min !== null) where('score >= ?', min);
  if (max !== null) where('score <= ?', max);
  if (after !== null) where('(score > ? OR (score = ? AND member > ?))', after.score, after.score, after.member);
  return sql
    .exec<{ member: string; score: number }>(`SELECT member, score FROM index_entries WHERE ${conditions.join(' AND ')} ORDER BY score, member LIMIT ?`, ...bindings, limit)
    .toArray()
    .map((row) => ({ member: row.member, score: row.score }));
};
