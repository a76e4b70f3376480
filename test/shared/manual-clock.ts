import type { Clock } from '../../src/ports/clock';

/**
 * The one test clock: a Clock that moves only when the test says so, so TTLs, token lifetimes and
 * rate-limit refills are deterministic. Runtime-neutral (Node and workerd suites alike).
 */
export interface ManualClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

export function manualClock(start = Date.parse('2026-03-02T15:00:00Z')): ManualClock {
  let now = start;
  return { now: () => now, set: (ms) => void (now = ms), advance: (ms) => void (now += ms) };
}
