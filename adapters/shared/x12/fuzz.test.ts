import { describe, expect, it } from 'vitest';
import { interpret270 } from './interpret-270';
import { interpret271All } from './interpret-271';
import { readInterchange } from './read-interchange';
import { fixture, fixtureNames } from '../../../test/helpers/x12-fixtures';
import { X12Error } from './x12-error';

/** mulberry32: a small seeded PRNG so every run mutates the same way (failures reproduce). */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** Characters that matter to a reader: delimiters, whitespace, control bytes, digits, letters. */
const interesting = [...'*~^:|{}\n\r \t0123456789ABEHLNSTIGQ', '\u001d', '\u001e', '\u001f', '\u0000', '\u00ff', '\u00c3'].map((c) => c.charCodeAt(0));

type Mutation = (bytes: Uint8Array, random: () => number) => Uint8Array;
const pick = <T,>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] as T;
const position = (bytes: Uint8Array, random: () => number) => Math.floor(random() * (bytes.length + 1));

const mutations: Record<string, Mutation> = {
  flip: (bytes, random) => {
    const copy = Uint8Array.from(bytes);
    if (copy.length > 0) copy[Math.min(copy.length - 1, position(copy, random))] = random() < 0.5 ? pick(interesting, random) : Math.floor(random() * 256);
    return copy;
  },
  truncate: (bytes, random) => bytes.slice(0, position(bytes, random)),
  insert: (bytes, random) => {
    const at = position(bytes, random);
    return Uint8Array.from([...bytes.slice(0, at), pick(interesting, random), ...bytes.slice(at)]);
  },
  remove: (bytes, random) => {
    const at = position(bytes, random);
    return Uint8Array.from([...bytes.slice(0, at), ...bytes.slice(at + 1 + Math.floor(random() * 8))]);
  },
  duplicate: (bytes, random) => {
    const from = position(bytes, random);
    const length = Math.floor(random() * 60);
    return Uint8Array.from([...bytes.slice(0, from + length), ...bytes.slice(from, from + length), ...bytes.slice(from + length)]);
  },
};

const CASES = 3000;
// A hang detector, not a speed assertion (speed lives in `npm run bench`): generous so GC pauses
// and a loaded CI machine never trip it, yet a loop that never ends still fails the case.
const MAX_MS_PER_CASE = 5000;

describe('fuzzing the reader with seeded mutations of every fixture', () => {
  it(`${CASES} mutated inputs each end in a result or an X12Error, quickly`, () => {
    const random = prng(0x5eed_271);
    const sources = fixtureNames().map((name) => ({ name, bytes: fixture(name) }));
    const outcomes = { result: 0, x12Error: 0 };
    const reasons = new Set<string>();
    let slowest = 0;

    for (let i = 0; i < CASES; i++) {
      const source = pick(sources, random);
      let bytes = source.bytes;
      const steps = 1 + Math.floor(random() * 3);
      const applied: string[] = [];
      for (let s = 0; s < steps; s++) {
        const name = pick(Object.keys(mutations), random);
        applied.push(name);
        bytes = (mutations[name] as Mutation)(bytes, random);
      }
      const tolerant = random() < 0.5;
      const started = performance.now();
      try {
        readInterchange(bytes, tolerant ? { tolerate: ['COUNT_MISMATCH', 'MISSING_TRAILER'] } : {});
        if (source.name.includes('270')) interpret270(bytes, { tolerate: ['COUNT_MISMATCH', 'MISSING_TRAILER'] });
        else interpret271All(bytes, tolerant ? { tolerate: ['COUNT_MISMATCH', 'MISSING_TRAILER'] } : {});
        outcomes.result++;
      } catch (error) {
        if (!(error instanceof X12Error)) {
          throw new Error(`case ${i} (${source.name}, ${applied.join('+')}) threw ${String(error)}`, { cause: error });
        }
        outcomes.x12Error++;
        reasons.add(error.reason);
      }
      const elapsed = performance.now() - started;
      slowest = Math.max(slowest, elapsed);
      expect(elapsed, `case ${i} (${source.name}, ${applied.join('+')})`).toBeLessThan(MAX_MS_PER_CASE);
    }

    expect(outcomes.result + outcomes.x12Error).toBe(CASES);
    // Both branches are exercised, and the refusals are varied, not one catch-all.
    expect(outcomes.result).toBeGreaterThan(CASES / 10);
    expect(outcomes.x12Error).toBeGreaterThan(CASES / 10);
    expect(reasons.size).toBeGreaterThanOrEqual(6);
    expect(slowest).toBeLessThan(MAX_MS_PER_CASE);
  });
});
