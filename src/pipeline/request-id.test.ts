import { describe, expect, it } from 'vitest';
import { requestIdFrom, requestIdOf } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request id policy', () => {
  it('keeps an acceptable client id (8-128 of [A-Za-z0-9._-])', () => {
    for (const id of ['abcdefgh', 'trace.1234-ABCD_ef', 'x'.repeat(128)]) expect(requestIdFrom(id)).toBe(id);
  });

  it('replaces a missing, short, long or unsafe one with a fresh UUID', () => {
    for (const id of [null, undefined, '', 'short', 'x'.repeat(129), 'has space 1234', 'line\nbreak1234', 'quote"12345', 'eq=12345678']) {
      expect(requestIdFrom(id)).toMatch(UUID);
    }
    expect(requestIdFrom(null)).not.toBe(requestIdFrom(null));
  });

  it('reads the x-request-id header of a request', () => {
    expect(requestIdOf(new Request('http://gateway.test/', { headers: { 'x-request-id': 'partner-trace-42' } }))).toBe('partner-trace-42');
    expect(requestIdOf(new Request('http://gateway.test/'))).toMatch(UUID);
  });
});
