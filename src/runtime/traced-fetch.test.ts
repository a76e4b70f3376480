import { describe, expect, it } from 'vitest';
import { traceContextFrom } from '../pipeline/trace-context';
import type { FetchFn } from '../ports/fetch';
import { createNodeTraceScope } from './node-trace-scope';
import { tracedFetch } from './traced-fetch';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A platform-fetch stand-in that records the headers each call would send. */
function recordingFetch(): { fetch: FetchFn; sent: Headers[] } {
  const sent: Headers[] = [];
  return { sent, fetch: async (_input, init) => (sent.push(new Headers(init?.headers)), new Response('ok')) };
}

describe('tracedFetch with the Node trace scope', () => {
  it('adds the current trace across awaits, keeps other headers, and leaves calls outside a request alone', async () => {
    const scope = createNodeTraceScope();
    const recorder = recordingFetch();
    const fetch = tracedFetch(recorder.fetch, scope);
    await scope.run(traceContextFrom(`00-${TRACE}-00f067aa0ba902b7-01`, 'rojo=1'), async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await fetch('http://upstream.test/a', { headers: { accept: 'application/fhir+json' } });
      await fetch('http://upstream.test/b', { headers: { traceparent: `00-${TRACE}-1111111111111111-01` } });
    });
    await fetch('http://upstream.test/c');
    const [first, own, outside] = recorder.sent;
    expect(first?.get('traceparent')).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    expect(first?.get('tracestate')).toBe('rojo=1');
    expect(first?.get('accept')).toBe('application/fhir+json');
    expect(own?.get('traceparent')).toBe(`00-${TRACE}-1111111111111111-01`);
    expect(outside?.has('traceparent')).toBe(false);
  });
});
