import { describe, expect, it } from 'vitest';
import { readBodyLimited } from './read-body-limited';

const chunked = (chunks: number, size: number, onPull: () => void = () => {}) => {
  let sent = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      onPull();
      if (sent++ >= chunks) controller.close();
      else controller.enqueue(new Uint8Array(size).fill(120));
    },
    cancel() {
      cancelled = true;
    },
  });
  const request = new Request('http://gateway.test/', { method: 'POST', body, duplex: 'half' } as RequestInit);
  return { request, cancelled: () => cancelled, pulled: () => sent };
};

describe('readBodyLimited', () => {
  it('returns the body as text when within the limit', async () => {
    expect(await readBodyLimited(new Request('http://gateway.test/', { method: 'POST', body: 'grant_type=x' }), 64)).toBe('grant_type=x');
    expect(await readBodyLimited(new Request('http://gateway.test/'), 64)).toBe('');
  });

  it('refuses on Content-Length without reading the body', async () => {
    const request = new Request('http://gateway.test/', { method: 'POST', body: 'x'.repeat(100), headers: { 'content-length': '100' } });
    expect(await readBodyLimited(request, 64)).toBeNull();
    expect(request.bodyUsed).toBe(false);
  });

  it('stops reading a chunked body once it passes the limit, and cancels it', async () => {
    const upload = chunked(1000, 1024);
    expect(await readBodyLimited(upload.request, 4 * 1024)).toBeNull();
    expect(upload.pulled()).toBeLessThan(10);
    expect(upload.cancelled()).toBe(true);
  });

  it('reads a chunked body under the limit whole', async () => {
    const upload = chunked(3, 1024);
    expect((await readBodyLimited(upload.request, 4 * 1024))?.length).toBe(3 * 1024);
  });
});
