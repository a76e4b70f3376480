/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): the one rule for reading an incoming
 * `traceparent`/`tracestate` and for the headers of every upstream call. The gateway is a vendor
 * in the spec's sense: it keeps the trace id, takes a span id of its own for the request, and
 * gives each upstream call a fresh child span id as that call's parent-id (spec §3.2.2.3: the
 * parent-id is the id of the caller's span that makes the request). Without a valid
 * `traceparent` a new trace starts and any `tracestate` is dropped (spec §3.3: tracestate means
 * nothing without its traceparent).
 */
export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

export interface TraceContext {
  /** 32 lowercase hex, not all zero; kept from the caller or new. */
  traceId: string;
  /** This request's own span id (16 hex). */
  spanId: string;
  /** The caller's span id from its traceparent; null when this request started the trace. */
  parentSpanId: string | null;
  /** Trace flags, 2 hex (bit 0: sampled). Propagated as received: the gateway records nothing itself. */
  flags: string;
  /** The caller's tracestate, forwarded unmodified (the gateway adds no entry); null when none or invalid. */
  tracestate: string | null;
}

export interface ParsedTraceparent {
  traceId: string;
  parentId: string;
  flags: string;
}

const ALL_ZERO = /^0+$/;
const VERSION_00 = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
// A later version starts with the same four fields; anything after them follows a dash (spec §3.2.4).
const LATER_VERSION = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
/** At most 32 list members of key=value, and at most 512 characters (spec §3.3.1, §3.3.1.1). */
const MAX_TRACESTATE_LENGTH = 512;
const MAX_TRACESTATE_MEMBERS = 32;
const TRACESTATE_MEMBER = /^[a-z0-9][_0-9a-z\-*/]{0,255}(@[a-z][_0-9a-z\-*/]{0,13})?=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/** The fields of a valid `traceparent`, or null (unknown format, version ff, all-zero ids, upper case). */
export function parseTraceparent(header: string | null | undefined): ParsedTraceparent | null {
  if (!header) return null;
  const value = header.trim();
  const v00 = VERSION_00.exec(value);
  const later = v00 ? null : LATER_VERSION.exec(value);
  if (later && (later[1] === '00' || later[1] === 'ff')) return null; // 00 has exactly four fields; ff is invalid
  const traceId = v00?.[1] ?? later?.[2];
  const parentId = v00?.[2] ?? later?.[3];
  const flags = v00?.[3] ?? later?.[4];
  if (!traceId || !parentId || !flags || ALL_ZERO.test(traceId) || ALL_ZERO.test(parentId)) return null;
  return { traceId, parentId, flags };
}

/** The caller's tracestate when it is well formed (forwarded as is), else null. */
export function parseTracestate(header: string | null | undefined): string | null {
  if (!header) return null;
  const members = header.split(',').map((member) => member.trim()).filter(Boolean);
  if (members.length === 0 || members.length > MAX_TRACESTATE_MEMBERS || header.length > MAX_TRACESTATE_LENGTH) return null;
  return members.every((member) => TRACESTATE_MEMBER.test(member)) ? members.join(',') : null;
}

const HEX_BYTE = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
/** Random bytes drawn 4 KB at a time: ids are made on every request and every upstream call. */
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

/** Web Crypto: the same on Node and Workers. An all-zero id is invalid, so draw again (odds 2^-64). */
const randomHex = (bytes: number): string => {
  if (poolOffset + bytes > pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  let hex = '';
  for (let i = 0; i < bytes; i++) hex += HEX_BYTE[pool[poolOffset + i] as number];
  poolOffset += bytes;
  return ALL_ZERO.test(hex) ? randomHex(bytes) : hex;
};

export const newSpanId = (): string => randomHex(8);

/** The request's trace: the caller's continued when its traceparent is valid, else a new one. */
export function traceContextFrom(traceparent: string | null | undefined, tracestate: string | null | undefined): TraceContext {
  const parent = parseTraceparent(traceparent);
  if (!parent) return { traceId: randomHex(16), spanId: newSpanId(), parentSpanId: null, flags: '00', tracestate: null };
  // Only the sampled bit is defined for version 00; other bits are not passed on (spec §3.2.2.5).
  const flags = (Number.parseInt(parent.flags, 16) & 1).toString(16).padStart(2, '0');
  return { traceId: parent.traceId, spanId: newSpanId(), parentSpanId: parent.parentId, flags, tracestate: parseTracestate(tracestate) };
}

/** The trace of a Fetch API request (see traceContextFrom). */
export const traceContextOf = (request: Request): TraceContext =>
  traceContextFrom(request.headers.get(TRACEPARENT_HEADER), request.headers.get(TRACESTATE_HEADER));

/** Headers for one upstream call: same trace, a fresh span id as parent-id, the caller's tracestate. */
export function upstreamTraceHeaders(trace: TraceContext, spanId: string = newSpanId()): Record<string, string> {
  return {
    [TRACEPARENT_HEADER]: `00-${trace.traceId}-${spanId}-${trace.flags}`,
    ...(trace.tracestate ? { [TRACESTATE_HEADER]: trace.tracestate } : {}),
  };
}
