import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GatewayError } from '../../src/domain/errors';
import { StateRecordInvalid } from '../../src/ports/state-record';
import { storeCasContract } from './store-cas.contract';
import { storeIndexContract } from './store-index.contract';
import type { StoreHarness } from './store-harness';

export type { StoreHarness } from './store-harness';

/** Reads in these tests check only that what comes back equals what went in. */
const anyJson = z.unknown();


const TTL_S = 0.3;

/** One suite every Store implementation must pass. `makeStore` runs before each test. */
export const storeContract = (name: string, makeStore: () => Promise<StoreHarness>): void => {
  describe(`Store contract: ${name}`, () => {
    let h: StoreHarness;
    const key = (label: string) => `${label}:${crypto.randomUUID()}`;

    beforeEach(async () => {
      h = await makeStore();
    });

    it('round-trips nested JSON and answers undefined for a missing key', async () => {
      const k = key('nested');
      const value = { rideId: 'r-1', appointment: { id: 'a-1', at: '2025-03-01T10:00:00Z' }, legs: [1, 2], ok: true, none: null };
      await h.store.set(k, value);
      expect(await h.store.get(k, anyJson)).toEqual(value);
      expect(await h.store.get(key('missing'), anyJson)).toBeUndefined();
    });

    it('keeps a record without ttl until deleted', async () => {
      const k = key('forever');
      await h.store.set(k, 1);
      await h.advance(450);
      expect(await h.store.get(k, anyJson)).toBe(1);
      await h.store.delete(k);
      expect(await h.store.get(k, anyJson)).toBeUndefined();
    });

    it('expires a record after its ttl', async () => {
      const k = key('ttl');
      await h.store.set(k, 'v', TTL_S);
      expect(await h.store.get(k, anyJson)).toBe('v');
      await h.advance(450);
      expect(await h.store.get(k, anyJson)).toBeUndefined();
    });

    it('clears an earlier ttl when set again without one', async () => {
      const k = key('clear-ttl');
      await h.store.set(k, 'short', TTL_S);
      await h.store.set(k, 'long');
      await h.advance(450);
      expect(await h.store.get(k, anyJson)).toBe('long');
    });

    it('setIfAbsent creates once and never overwrites', async () => {
      const k = key('once');
      expect(await h.store.setIfAbsent(k, { first: true })).toBe(true);
      expect(await h.store.setIfAbsent(k, { first: false })).toBe(false);
      expect(await h.store.get(k, anyJson)).toEqual({ first: true });
    });

    it('setIfAbsent succeeds again once the record expired or was deleted', async () => {
      const k = key('again');
      expect(await h.store.setIfAbsent(k, 1, TTL_S)).toBe(true);
      expect(await h.store.setIfAbsent(k, 2, TTL_S)).toBe(false);
      await h.advance(450);
      expect(await h.store.setIfAbsent(k, 3)).toBe(true);
      expect(await h.store.get(k, anyJson)).toBe(3);
      await h.store.delete(k);
      expect(await h.store.setIfAbsent(k, 4)).toBe(true);
      expect(await h.store.get(k, anyJson)).toBe(4);
    });

    it('setIfAbsent lets exactly one of 50 concurrent callers win, across instances', async () => {
      const k = key('race');
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => h.instances[i % h.instances.length]!.setIfAbsent(k, { caller: i }, 30)),
      );
      const winners = results.flatMap((won, i) => (won ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const instance of h.instances) expect(await instance.get(k, anyJson)).toEqual({ caller: winners[0] });
    });

    it('shares records between instances', async () => {
      const k = key('shared');
      const [a, b = a] = h.instances;
      await a!.set(k, 'from-a');
      expect(await b!.get(k, anyJson)).toBe('from-a');
      await b!.delete(k);
      expect(await a!.get(k, anyJson)).toBeUndefined();
    });

    it('hands out copies: mutating a returned value does not change the record', async () => {
      const k = key('copy');
      await h.store.set(k, { list: [1] });
      const first = await h.store.get(k, z.object({ list: z.array(z.number()) }));
      first!.list.push(2);
      expect(await h.store.get(k, anyJson)).toEqual({ list: [1] });
    });

    it('handles unicode keys and values', async () => {
      const k1 = key('jti-🔑-ключ');
      const k2 = key('jti-🔒-ключ');
      const value = { text: 'São Paulo — 東京 — 🚕 — \ud83d\ude00', rtl: 'مرحبا' };
      await h.store.set(k1, value);
      await h.store.set(k2, 'other');
      expect(await h.store.get(k1, anyJson)).toEqual(value);
      expect(await h.store.get(k2, anyJson)).toBe('other');
    });

    it('holds a 1 MB value', async () => {
      const k = key('large');
      const value = { blob: 'ü'.repeat(256 * 1024) + 'y'.repeat(512 * 1024) };
      await h.store.set(k, value, 60);
      expect(await h.store.get(k, anyJson)).toEqual(value);
    });

    it('rejects a value that is not JSON', async () => {
      const error = await h.store.setIfAbsent(key('bigint'), { n: 10n }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).code).toBe('INTERNAL');
    });

    it('answers ping when the backend is up', async () => {
      expect(await h.store.ping()).toBe(true);
    });

    it('answers what the schema makes of the record (defaults, stripped fields)', async () => {
      const k = key('parsed');
      await h.store.set(k, { n: 1, extra: 'dropped' });
      expect(await h.store.get(k, z.object({ n: z.number(), tag: z.string().default('new') }))).toEqual({ n: 1, tag: 'new' });
    });

    it('rejects a record that does not match its schema with StateRecordInvalid, naming the namespace only', async () => {
      const k = key('ride');
      await h.store.set(k, { status: 'SCHEDULED', member: 'XYZ123' });
      const schema = z.object({ status: z.enum(['SCHEDULED']), member: z.number() });
      // One read at a time: both promises made up front would leave the second's rejection unhandled meanwhile.
      for (const read of [() => h.store.get(k, schema), () => h.store.getVersioned(k, schema)]) {
        const error = await read().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(StateRecordInvalid);
        expect(error).toMatchObject({ code: 'INTERNAL', namespace: 'ride', details: { component: 'store', reason: 'STATE_RECORD_INVALID', namespace: 'ride' } });
        const seen = JSON.stringify({ message: (error as Error).message, cause: String((error as Error).cause), details: (error as GatewayError).details });
        expect(seen).not.toContain('XYZ123');
        expect(seen).not.toContain(k.slice('ride:'.length));
      }
    });

    storeCasContract(() => h, key);
    storeIndexContract(() => h, key);
  });
};
