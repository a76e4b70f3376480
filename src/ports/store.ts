import type { RecordSchema } from './state-record';

/** A record together with the version a compare-and-set must name to replace it. */
export interface Versioned<T> {
  value: T;
  /** Opaque; changes on every write of a different value. Compare only for equality. */
  version: string;
}

/** One member of an ordered index and its score. */
export interface IndexEntry {
  member: string;
  score: number;
}

/** Where a page of an ordered index ended: pass it as `after` to read on. */
export interface IndexCursor {
  score: number;
  member: string;
}

export interface IndexRangeQuery {
  /** Lowest score included (default: no bound). */
  min?: number | undefined;
  /** Highest score included (default: no bound). */
  max?: number | undefined;
  /** At most this many entries (1..1000). */
  limit: number;
  /** Continue after this entry (exclusive), from an earlier page's `next`. */
  after?: IndexCursor | null | undefined;
}

export interface IndexPage {
  /** Ascending by score, members with equal scores in byte order of their UTF-8. */
  entries: IndexEntry[];
  /** Cursor for the next page, or null when this page reached the end of the range. */
  next: IndexCursor | null;
}

/**
 * Records that must survive and be shared across gateway instances: idempotency keys,
 * ride <-> appointment links, webhook event ids, used token `jti`s, indexes of rides. Unlike
 * the Cache, a Store failure is an error the caller must see (a lost idempotency record could
 * book a ride twice), so these methods reject when the backend is unreachable.
 * Keys, index names and index members must be PHI-free. Values are JSON-serialisable.
 * Every read parses the record with the caller's schema: a record that does not match rejects
 * with `StateRecordInvalid` (src/ports/state-record.ts), never a cast.
 */
export interface Store {
  get<T>(key: string, schema: RecordSchema<T>): Promise<T | undefined>;
  /** The record and its version, for a later `compareAndSet` / `compareAndDelete`. */
  getVersioned<T>(key: string, schema: RecordSchema<T>): Promise<Versioned<T> | undefined>;
  /** Unconditional write; `ttlSeconds` omitted = keep until deleted. */
  set(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  /** Atomic create: true when this call created the record, false when it already existed. */
  setIfAbsent(key: string, value: unknown, ttlSeconds?: number): Promise<boolean>;
  /**
   * Atomic compare-and-set: writes only when the record's version is still `expectedVersion`
   * (null = only when there is no record, i.e. an atomic create). True when this call wrote.
   */
  compareAndSet(key: string, expectedVersion: string | null, value: unknown, ttlSeconds?: number): Promise<boolean>;
  /** Deletes only when the record's version is still `expectedVersion`; true when this call deleted. */
  compareAndDelete(key: string, expectedVersion: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Adds `member` to the ordered index `index` with `score` (finite), or moves it to that score. */
  indexAdd(index: string, member: string, score: number): Promise<void>;
  indexRemove(index: string, member: string): Promise<void>;
  /** A page of the index in score order; entries of no TTL: they stay until removed. */
  indexRange(index: string, query: IndexRangeQuery): Promise<IndexPage>;
  /** Is the backend reachable now? For /readyz. */
  ping(): Promise<boolean>;
}
