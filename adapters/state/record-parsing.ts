import { StateRecordInvalid, type RecordSchema } from '../../src/ports/state-record';

/**
 * A Store record's JSON text, parsed and checked against the caller's schema. Anything else
 * (not JSON, another shape, a record from an older deploy) is a StateRecordInvalid naming the
 * key's namespace: the caller must not act on a record it cannot trust.
 */
export const parseStoreRecord = <T>(json: string, schema: RecordSchema<T>, key: string): T => {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new StateRecordInvalid(key, error);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new StateRecordInvalid(key, parsed.error);
  return parsed.data;
};

/** A cached value checked against the caller's schema; not ok when it does not match (the caller drops it). */
export const parseCacheValue = <T>(raw: unknown, schema: RecordSchema<T>): { ok: true; value: T } | { ok: false } => {
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
};
