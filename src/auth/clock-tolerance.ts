/**
 * The most clock skew any token time check allows (access-token exp/nbf/iat, client-assertion
 * exp/nbf/iat). Servers and partners run NTP, which keeps clocks within milliseconds; every
 * extra second of tolerance is a second longer that an expired or future-dated token works.
 */
export const MAX_CLOCK_TOLERANCE_SECONDS = 5;

export function checkClockTolerance(seconds: number): number {
  if (!(Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_CLOCK_TOLERANCE_SECONDS)) {
    throw new RangeError(`clockToleranceSeconds must be an integer 0-${MAX_CLOCK_TOLERANCE_SECONDS}`);
  }
  return seconds;
}
