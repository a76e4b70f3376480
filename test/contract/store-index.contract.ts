import { expect, it } from 'vitest';
import { GatewayError } from '../../src/domain/errors';
import type { IndexEntry, Store } from '../../src/ports/store';
import type { StoreHarness } from './store-harness';

const readAll = async (store: Store, index: string, query: { min?: number; max?: number; limit: number }): Promise<IndexEntry[]> => {
  const all: IndexEntry[] = [];
  let after: { score: number; member: string } | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await store.indexRange(index, { ...query, after });
    all.push(...page.entries);
    if (!page.next) return all;
    after = page.next;
  }
  throw new Error('paging did not end');
};

/** Ordered-index part of the Store contract; runs inside `storeContract`'s describe. */
export const storeIndexContract = (harness: () => StoreHarness, key: (label: string) => string): void => {
  it('reads an index in score order with inclusive bounds', async () => {
    const h = harness();
    const index = key('idx-order');
    await h.store.indexAdd(index, 'c', 30);
    await h.store.indexAdd(index, 'a', 10);
    await h.store.indexAdd(index, 'b', 20.5);
    await h.store.indexAdd(index, 'neg', -5);
    const all = await h.store.indexRange(index, { limit: 10 });
    expect(all).toEqual({ entries: [{ member: 'neg', score: -5 }, { member: 'a', score: 10 }, { member: 'b', score: 20.5 }, { member: 'c', score: 30 }], next: null });
    expect((await h.store.indexRange(index, { min: 10, max: 20.5, limit: 10 })).entries.map((e) => e.member)).toEqual(['a', 'b']);
    expect((await h.store.indexRange(index, { min: 31, limit: 10 })).entries).toEqual([]);
    expect((await h.store.indexRange(key('idx-empty'), { limit: 10 })).entries).toEqual([]);
  });

  it('moves a member on a second add and forgets it on remove', async () => {
    const h = harness();
    const index = key('idx-move');
    await h.store.indexAdd(index, 'ride-1', 1_700_000_000_000);
    await h.store.indexAdd(index, 'ride-2', 1_700_000_100_000);
    await h.store.indexAdd(index, 'ride-1', 1_700_000_200_000);
    expect((await h.store.indexRange(index, { limit: 10 })).entries).toEqual([
      { member: 'ride-2', score: 1_700_000_100_000 },
      { member: 'ride-1', score: 1_700_000_200_000 },
    ]);
    await h.store.indexRemove(index, 'ride-2');
    await h.store.indexRemove(index, 'never-added');
    expect((await h.store.indexRange(index, { limit: 10 })).entries.map((e) => e.member)).toEqual(['ride-1']);
  });

  it('orders equal scores by the members’ UTF-8 bytes, the same on every backend', async () => {
    const h = harness();
    const index = key('idx-ties');
    const members = ['😀', 'z', 'é', 'a', 'Z', '\uffff'];
    for (const member of members) await h.store.indexAdd(index, member, 7);
    // Byte order of UTF-8 (not of UTF-16 code units, where the emoji would sort before U+FFFF).
    expect((await h.store.indexRange(index, { limit: 10 })).entries.map((e) => e.member)).toEqual(['Z', 'a', 'z', 'é', '\uffff', '😀']);
  });

  it('pages through ties and bounds with a cursor, every entry exactly once and in order', async () => {
    const h = harness();
    const index = key('idx-pages');
    const expected: IndexEntry[] = [];
    for (let i = 0; i < 23; i++) {
      const entry = { member: `m${String(i).padStart(2, '0')}`, score: Math.floor(i / 5) * 100 };
      expected.push(entry);
      await h.store.indexAdd(index, entry.member, entry.score);
    }
    expect(await readAll(h.store, index, { limit: 4 })).toEqual(expected);
    expect(await readAll(h.store, index, { limit: 3, min: 100, max: 300 })).toEqual(expected.filter((e) => e.score >= 100 && e.score <= 300));
    const first = await h.store.indexRange(index, { limit: 7 });
    expect(first.next).toEqual({ member: 'm06', score: 100 });
    const second = await h.store.indexRange(index, { limit: 7, after: first.next });
    expect(second.entries[0]).toEqual({ member: 'm07', score: 100 });
    // A page that ends the range says so.
    expect((await h.store.indexRange(index, { limit: 100 })).next).toBeNull();
  });

  it('keeps paging right when the cursor’s own entry was removed meanwhile', async () => {
    const h = harness();
    const index = key('idx-removed');
    for (const [member, score] of [['a', 1], ['b', 1], ['c', 1], ['d', 2]] as const) await h.store.indexAdd(index, member, score);
    const first = await h.store.indexRange(index, { limit: 2 });
    expect(first.entries.map((e) => e.member)).toEqual(['a', 'b']);
    await h.store.indexRemove(index, 'b');
    expect((await h.store.indexRange(index, { limit: 10, after: first.next })).entries.map((e) => e.member)).toEqual(['c', 'd']);
  });

  it('shares indexes between instances and keeps indexes apart', async () => {
    const h = harness();
    const [a, b = a] = h.instances;
    const one = key('idx-one');
    const two = key('idx-two');
    await a!.indexAdd(one, 'x', 1);
    await b!.indexAdd(two, 'y', 2);
    expect((await b!.indexRange(one, { limit: 10 })).entries).toEqual([{ member: 'x', score: 1 }]);
    expect((await a!.indexRange(two, { limit: 10 })).entries).toEqual([{ member: 'y', score: 2 }]);
  });

  it('rejects a non-finite score, an empty member and a page size out of range', async () => {
    const h = harness();
    const index = key('idx-invalid');
    for (const attempt of [
      h.store.indexAdd(index, 'm', Number.NaN),
      h.store.indexAdd(index, 'm', Infinity),
      h.store.indexAdd(index, '', 1),
      h.store.indexRange(index, { limit: 0 }),
      h.store.indexRange(index, { limit: 1001 }),
    ]) {
      const error = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).code).toBe('INTERNAL');
    }
    expect((await h.store.indexRange(index, { limit: 10 })).entries).toEqual([]);
  });
};
