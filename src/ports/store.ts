/**
 * Records that must survive and be shared across gateway instances: idempotency keys,
 * ride <-> appointment links, webhook event ids, used token `jti`s. Unlike the Cache, a
 * Store failure is an error the caller must see (a lost idempotency record could book a
 * ride twice), so these methods reject when the backend is unreachable.
 * Keys must be PHI-free. Values are JSON-serialisable.
 */
export interface Store {
  get<T>(key: string): Promise<T | undefined>;
  /** Unconditional write; `ttlSeconds` omitted = keep until deleted. */
  set<T>(key: string, value: T, ttlSeconds?: number): Promise<void>;
  /** Atomic create: true when this call created the record, false when it already existed. */
  setIfAbsent<T>(key: string, value: T, ttlSeconds?: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Is the backend reachable now? For /readyz. */
  ping(): Promise<boolean>;
}
