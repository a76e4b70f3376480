import { expect, it } from 'vitest';
import { z } from 'zod';
import type { StoreHarness } from './store-harness';

const counter = z.object({ n: z.number() });

/** Compare-and-set part of the Store contract; runs inside `storeContract`'s describe. */
export const storeCasContract = (harness: () => StoreHarness, key: (label: string) => string): void => {
  it('getVersioned answers the record with a version, and undefined for a missing key', async () => {
    const h = harness();
    const k = key('versioned');
    await h.store.set(k, { n: 1 });
    const read = await h.store.getVersioned(k, counter);
    expect(read?.value).toEqual({ n: 1 });
    expect(typeof read?.version).toBe('string');
    expect(await h.store.getVersioned(key('missing'), counter)).toBeUndefined();
  });

  it('compareAndSet with no expected version is an atomic create', async () => {
    const h = harness();
    const k = key('cas-create');
    expect(await h.store.compareAndSet(k, null, { n: 1 })).toBe(true);
    expect(await h.store.compareAndSet(k, null, { n: 2 })).toBe(false);
    expect(await h.store.get(k, counter)).toEqual({ n: 1 });
    // setIfAbsent records count as present too.
    const other = key('cas-create-other');
    expect(await h.store.setIfAbsent(other, { n: 5 })).toBe(true);
    expect(await h.store.compareAndSet(other, null, { n: 6 })).toBe(false);
  });

  it('compareAndSet writes once per version: a second writer holding the same version loses', async () => {
    const h = harness();
    const k = key('cas');
    await h.store.set(k, { n: 1 });
    const read = (await h.store.getVersioned(k, counter))!;
    expect(await h.store.compareAndSet(k, read.version, { n: 2 })).toBe(true);
    expect(await h.store.compareAndSet(k, read.version, { n: 3 })).toBe(false);
    expect(await h.store.get(k, counter)).toEqual({ n: 2 });
    const again = (await h.store.getVersioned(k, counter))!;
    expect(again.version).not.toBe(read.version);
    expect(await h.store.compareAndSet(k, again.version, { n: 4 })).toBe(true);
    expect(await h.store.get(k, counter)).toEqual({ n: 4 });
  });

  it('compareAndSet fails once another write replaced or deleted the record', async () => {
    const h = harness();
    const k = key('cas-stale');
    await h.store.set(k, { n: 1 });
    const read = (await h.store.getVersioned(k, counter))!;
    await h.store.set(k, { n: 10 });
    expect(await h.store.compareAndSet(k, read.version, { n: 2 })).toBe(false);
    const current = (await h.store.getVersioned(k, counter))!;
    await h.store.delete(k);
    expect(await h.store.compareAndSet(k, current.version, { n: 3 })).toBe(false);
    expect(await h.store.get(k, counter)).toBeUndefined();
  });

  it('compareAndSet honours its ttl, and an expired record counts as absent', async () => {
    const h = harness();
    const k = key('cas-ttl');
    expect(await h.store.compareAndSet(k, null, { n: 1 }, 0.3)).toBe(true);
    await h.advance(450);
    expect(await h.store.get(k, counter)).toBeUndefined();
    expect(await h.store.compareAndSet(k, null, { n: 2 })).toBe(true);
    const read = (await h.store.getVersioned(k, counter))!;
    // Written again without a ttl: kept.
    expect(await h.store.compareAndSet(k, read.version, { n: 3 })).toBe(true);
    await h.advance(450);
    expect(await h.store.get(k, counter)).toEqual({ n: 3 });
  });

  it('lets exactly one of 50 concurrent compareAndSets on one version win, across instances', async () => {
    const h = harness();
    const k = key('cas-race');
    await h.store.set(k, { n: 0 });
    const { version } = (await h.store.getVersioned(k, counter))!;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => h.instances[i % h.instances.length]!.compareAndSet(k, version, { n: i + 1 })),
    );
    const winners = results.flatMap((won, i) => (won ? [i] : []));
    expect(winners).toHaveLength(1);
    for (const instance of h.instances) expect(await instance.get(k, counter)).toEqual({ n: winners[0]! + 1 });
  });

  it('loses no increment when 20 writers read-modify-write one record with retries', async () => {
    const h = harness();
    const k = key('cas-counter');
    await h.store.set(k, { n: 0 });
    const increment = async (store: StoreHarness['store']) => {
      for (;;) {
        const read = (await store.getVersioned(k, counter))!;
        if (await store.compareAndSet(k, read.version, { n: read.value.n + 1 })) return;
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => increment(h.instances[i % h.instances.length]!)));
    expect(await h.store.get(k, counter)).toEqual({ n: 20 });
  });

  it('compareAndDelete deletes only the version it names', async () => {
    const h = harness();
    const k = key('cad');
    await h.store.set(k, { n: 1 });
    const first = (await h.store.getVersioned(k, counter))!;
    await h.store.set(k, { n: 2 });
    expect(await h.store.compareAndDelete(k, first.version)).toBe(false);
    expect(await h.store.get(k, counter)).toEqual({ n: 2 });
    const second = (await h.store.getVersioned(k, counter))!;
    expect(await h.store.compareAndDelete(k, second.version)).toBe(true);
    expect(await h.store.get(k, counter)).toBeUndefined();
    expect(await h.store.compareAndDelete(k, second.version)).toBe(false);
  });
};
