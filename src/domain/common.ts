import { z } from 'zod';

/** Building blocks shared by the EHR-side domain types. Vendor-neutral on purpose. */
export const codedValue = z.object({
  /** The mapped, stable value where we know one; otherwise the raw code. */
  code: z.string(),
  /** Human name of the code (from a code table), when known. */
  name: z.string().nullable(),
});
export type CodedValue = z.infer<typeof codedValue>;

export const identifier = z.object({ system: z.string().nullable(), value: z.string(), type: z.string().nullable() });
export type Identifier = z.infer<typeof identifier>;

export const humanName = z.object({
  use: z.string().nullable(),
  family: z.string().nullable(),
  given: z.array(z.string()),
  prefix: z.array(z.string()),
  suffix: z.array(z.string()),
  text: z.string().nullable(),
});
export type HumanName = z.infer<typeof humanName>;

export const address = z.object({
  use: z.string().nullable(),
  line: z.array(z.string()),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});
export type Address = z.infer<typeof address>;

export const contactPoint = z.object({ system: z.string().nullable(), value: z.string(), use: z.string().nullable() });
export type ContactPoint = z.infer<typeof contactPoint>;

export const period = z.object({ start: z.string().nullable(), end: z.string().nullable() });
export type Period = z.infer<typeof period>;

/** Money is integer minor units (cents) plus ISO-4217 currency: never a float. */
export const money = z.object({ amountMinor: z.number().int(), currency: z.string().length(3) });
export type Money = z.infer<typeof money>;

/** A reference from one domain record to another in the same source, by local id. */
export const localRef = z.object({ sourceId: z.string(), localId: z.string() });
export type LocalRef = z.infer<typeof localRef>;

export type FreshnessState = 'FRESH' | 'CACHED' | 'STALE';

/** How old an upstream answer is, and why a stale one was served. */
export interface Freshness {
  state: FreshnessState;
  /** Seconds since the answer was obtained from the upstream. */
  ageSeconds: number;
  /** Why a stale answer was served (e.g. UPSTREAM_TIMEOUT). */
  reason: string | null;
}
