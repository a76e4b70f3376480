import { describe, expect, it } from 'vitest';
import { acceptedEncoding } from './accepted-encoding';

describe('acceptedEncoding', () => {
  it('picks gzip, else deflate, from what the client accepts', () => {
    expect(acceptedEncoding('gzip')).toBe('gzip');
    expect(acceptedEncoding('br, gzip;q=0.8, deflate')).toBe('gzip');
    expect(acceptedEncoding('deflate')).toBe('deflate');
    expect(acceptedEncoding('*')).toBe('gzip');
  });

  it('answers none when nothing offered is acceptable', () => {
    expect(acceptedEncoding(null)).toBeNull();
    expect(acceptedEncoding('identity')).toBeNull();
    expect(acceptedEncoding('br')).toBeNull();
    expect(acceptedEncoding('gzip;q=0, deflate;q=0.0')).toBeNull();
  });
});
