import type { Store } from '../../src/ports/store';

export interface StoreHarness {
  store: Store;
  /**
   * Store objects over the same backend, as separate gateway instances would hold them
   * (their own connections for Redis). At least one; `store` may be among them.
   */
  instances: Store[];
  /** Lets `ms` pass: a fake clock's jump for memory, a real wait for Redis. */
  advance(ms: number): Promise<void>;
}
