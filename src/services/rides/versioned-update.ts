import { GatewayError } from '../../domain/errors';
import type { RecordSchema } from '../../ports/state-record';
import type { Store } from '../../ports/store';

export interface VersionedUpdateOptions<T> {
  /** TTL of the written record, from the record itself (e.g. finished rides expire). */
  ttlSeconds?: (next: T) => number | undefined;
  /** Reads and writes tried before giving up, retryably (default 10). */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Read-modify-write of one record with compare-and-set instead of a lock: `change` sees the
 * record as stored and answers the next one (null: leave it as is); the write lands only if
 * nobody wrote in between, else `change` runs again on the fresh record. No holder can crash
 * while blocking others, and writers of different records never wait for each other.
 * Answers null when there is no record.
 */
export async function updateWithCompareAndSet<T>(
  store: Store,
  key: string,
  schema: RecordSchema<T>,
  change: (current: T) => Promise<T | null>,
  options: VersionedUpdateOptions<T> = {},
): Promise<{ value: T; changed: boolean } | null> {
  const attempts = options.attempts ?? 10;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    const current = await store.getVersioned(key, schema);
    if (!current) return null;
    const next = await change(current.value);
    if (next === null) return { value: current.value, changed: false };
    if (await store.compareAndSet(key, current.version, next, options.ttlSeconds?.(next))) return { value: next, changed: true };
    if (attempt >= attempts) {
      throw new GatewayError('UPSTREAM_UNAVAILABLE', 'The record is busy; try again', { retryable: true, details: { component: 'store' } });
    }
    // Someone else wrote first: back off a little, at random, so contenders spread out.
    await sleep(5 + Math.random() * 10 * attempt);
  }
}
