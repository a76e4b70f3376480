import type { IndexEntry, IndexPage, IndexRangeQuery } from '../../../src/ports/store';
import { compareEntries, isAfter, nextCursor } from '../ordered-index';

/**
 * Ordered indexes in process memory: one member -> score map per index, sorted on read.
 * Reads are O(n log n), fine for the one-process deployments memory state is for.
 */
export const createMemoryIndexes = () => {
  const indexes = new Map<string, Map<string, number>>();
  return {
    add(index: string, member: string, score: number): void {
      const members = indexes.get(index) ?? new Map<string, number>();
      members.set(member, score);
      indexes.set(index, members);
    },
    remove(index: string, member: string): void {
      const members = indexes.get(index);
      members?.delete(member);
      if (members?.size === 0) indexes.delete(index);
    },
    range(index: string, { min = -Infinity, max = Infinity, limit, after }: IndexRangeQuery): IndexPage {
      const entries: IndexEntry[] = [...(indexes.get(index) ?? new Map<string, number>())]
        .map(([member, score]) => ({ member, score }))
        .filter((entry) => entry.score >= min && entry.score <= max && (!after || isAfter(entry, after)))
        .sort(compareEntries)
        .slice(0, limit);
      return { entries, next: nextCursor(entries, limit) };
    },
  };
};
