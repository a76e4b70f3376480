/** Time as a port, so tests can move it and token/TTL logic is deterministic. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
