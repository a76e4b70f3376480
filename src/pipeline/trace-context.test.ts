import { describe, expect, it } from 'vitest';
import { parseTraceparent, parseTracestate, traceContextFrom, upstreamTraceHeaders } from './trace-context';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('parseTraceparent (W3C Trace Context §3.2)', () => {
  it('reads version 00', () => {
    expect(parseTraceparent(`00-${TRACE}-${PARENT}-01`)).toEqual({ traceId: TRACE, parentId: PARENT, flags: '01' });
    expect(parseTraceparent(` 00-${TRACE}-${PARENT}-00 `)).toEqual({ traceId: TRACE, parentId: PARENT, flags: '00' });
  });

  it('reads the four known fields of a later version, extra fields after a dash', () => {
    expect(parseTraceparent(`cc-${TRACE}-${PARENT}-01-what-the-future-holds`)).toEqual({ traceId: TRACE, parentId: PARENT, flags: '01' });
    expect(parseTraceparent(`cc-${TRACE}-${PARENT}-01`)).toEqual({ traceId: TRACE, parentId: PARENT, flags: '01' });
  });

  it.each([
    ['empty', ''],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${PARENT}-01`],
    ['all-zero parent id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE}-${PARENT}-01`],
    ['upper case', `00-${TRACE.toUpperCase()}-${PARENT}-01`],
    ['short trace id', `00-${TRACE.slice(1)}-${PARENT}-01`],
    ['version 00 with an extra field', `00-${TRACE}-${PARENT}-01-extra`],
    ['later version glued to more text', `cc-${TRACE}-${PARENT}-01extra`],
    ['non-hex flags', `00-${TRACE}-${PARENT}-0x`],
    ['two headers joined', `00-${TRACE}-${PARENT}-01,00-${TRACE}-${PARENT}-01`],
  ])('refuses %s', (_case, header) => {
    expect(parseTraceparent(header)).toBeNull();
  });
});

describe('parseTracestate (§3.3)', () => {
  it('keeps well-formed list members, without blanks', () => {
    expect(parseTracestate('rojo=00f067aa0ba902b7, congo=t61rcWkgMzE,,tenant@vendor=x')).toBe('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,tenant@vendor=x');
  });

  it('drops a malformed or oversized tracestate', () => {
    expect(parseTracestate('Rojo=1')).toBeNull();
    expect(parseTracestate('rojo')).toBeNull();
    expect(parseTracestate(Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(','))).toBeNull();
    expect(parseTracestate(`k=${'v'.repeat(600)}`)).toBeNull();
  });
});

describe('traceContextFrom', () => {
  it('continues a valid trace with a span id of its own and the sampled flag only', () => {
    const trace = traceContextFrom(`00-${TRACE}-${PARENT}-03`, 'rojo=1');
    expect(trace).toMatchObject({ traceId: TRACE, parentSpanId: PARENT, flags: '01', tracestate: 'rojo=1' });
    expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.spanId).not.toBe(PARENT);
  });

  it('starts a new trace without tracestate when the traceparent is missing or invalid', () => {
    for (const header of [null, `00-${'0'.repeat(32)}-${PARENT}-01`]) {
      const trace = traceContextFrom(header, 'rojo=1');
      expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(trace.traceId).not.toBe('0'.repeat(32));
      expect(trace).toMatchObject({ parentSpanId: null, flags: '00', tracestate: null });
    }
    expect(traceContextFrom(null, null).traceId).not.toBe(traceContextFrom(null, null).traceId);
  });
});

describe('upstreamTraceHeaders', () => {
  it('sends the trace on with a fresh parent id per call and the caller tracestate', () => {
    const trace = traceContextFrom(`00-${TRACE}-${PARENT}-01`, 'rojo=1');
    const first = upstreamTraceHeaders(trace);
    const second = upstreamTraceHeaders(trace);
    expect(first['traceparent']).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    expect(first['traceparent']).not.toBe(second['traceparent']);
    expect(first['tracestate']).toBe('rojo=1');
    expect(upstreamTraceHeaders(traceContextFrom(null, null))).not.toHaveProperty('tracestate');
  });
});
