import type { RideRecord } from './ride-record';

/**
 * A ride's updates without the ones older than what the subscriber already has. Writes are
 * ordered by compare-and-set, but each instance publishes after its own write, so two instances
 * racing on one ride can deliver the older state last; its lower revision gives it away.
 * Returning the iterator releases the underlying subscription at once.
 */
export function newerOnly(updates: AsyncIterableIterator<RideRecord>, deliveredRevision: number): AsyncIterableIterator<RideRecord> {
  let last = deliveredRevision;
  const iterator: AsyncIterableIterator<RideRecord> = {
    async next() {
      for (;;) {
        const step = await updates.next();
        if (step.done) return step;
        // Published by an instance of an older deploy (no revision yet): it cannot be ordered, so it is delivered.
        const revision: number | undefined = (step.value as Partial<RideRecord>).revision;
        if (revision === undefined) return step;
        if (revision > last) {
          last = revision;
          return step;
        }
      }
    },
    async return(value?: unknown) {
      return (await updates.return?.(value)) ?? { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
