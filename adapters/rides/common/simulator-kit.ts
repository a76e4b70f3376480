import type { Clock } from '../../../src/ports/clock';
import { hmacSha256, importHmacKey } from './hmac';

/**
 * Pieces both ride simulators share: a seeded random source (same seed, same ids and tokens),
 * JSON answers, fault injection and signed webhook delivery. WebCrypto and fetch only.
 */

/** mulberry32: tiny, fast, good enough for synthetic ids; never for secrets. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomString(random: () => number, length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** A UUID-shaped id from the seeded source (v4 layout, not cryptographically random). */
export function randomUuid(random: () => number): string {
  const hex = randomString(random, 32, '0123456789abcdef');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const noContent = (): Response => new Response(null, { status: 204 });

export const simulatorClock: Clock = { now: () => Date.now() };

/**
 * Fault knobs. `failNext` answers the next API calls (token endpoint excepted) with these
 * statuses; `bookingDelayMs` answers a booking late, after the ride exists, which is what a
 * client timeout during booking looks like from the vendor's side.
 */
export interface SimulatorFaults {
  failNext: Array<{ status: number; retryAfterSeconds?: number; only?: 'booking' | 'reads' }>;
  bookingDelayMs: number;
}

export const createFaults = (): SimulatorFaults => ({ failNext: [], bookingDelayMs: 0 });

export function takeFault(faults: SimulatorFaults, isBooking: boolean): Response | null {
  const index = faults.failNext.findIndex((fault) => !fault.only || (fault.only === 'booking') === isBooking);
  if (index < 0) return null;
  const [fault] = faults.failNext.splice(index, 1);
  if (!fault) return null;
  const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  return json(fault.status, { error: fault.status === 429 ? 'rate_limited' : 'server_error', code: 'simulated_fault' }, headers);
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface DeliveredWebhook {
  body: string;
  status: number | null;
}

/** Signs the exact bytes sent and POSTs them; a receiver failure is reported, not thrown. */
export async function deliverWebhook(
  url: string | null,
  body: unknown,
  secret: string,
  sign: (mac: Uint8Array) => Record<string, string>,
): Promise<DeliveredWebhook> {
  const text = JSON.stringify(body);
  if (!url) return { body: text, status: null };
  const mac = await hmacSha256(await importHmacKey(secret), new TextEncoder().encode(text));
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(mac) }, body: text });
    await response.body?.cancel();
    return { body: text, status: response.status };
  } catch {
    return { body: text, status: null };
  }
}

/** Great-circle distance in miles, for plausible synthetic prices and durations. */
export function distanceMiles(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(bLat - aLat);
  const dLng = rad(bLng - aLng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(aLat)) * Math.cos(rad(bLat)) * Math.sin(dLng / 2) ** 2;
  return 3958.8 * 2 * Math.asin(Math.sqrt(h));
}

/** Synthetic drivers: plainly fictional names, 555 phone numbers, sample plates. */
export const syntheticDrivers = [
  { firstName: 'Avery', phone: '+15555550101', make: 'Toyota', model: 'Prius', color: 'Silver', plate: 'SIM1001' },
  { firstName: 'Jordan', phone: '+15555550102', make: 'Honda', model: 'Accord', color: 'Blue', plate: 'SIM1002' },
  { firstName: 'Riley', phone: '+15555550103', make: 'Hyundai', model: 'Ioniq', color: 'White', plate: 'SIM1003' },
] as const;

export const bearerToken = (request: Request): string | null => /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? null;
