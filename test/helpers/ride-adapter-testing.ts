import { serveOnLoopback, type LoopbackServer } from '../../adapters/shared/loopback-server';
import type { FetchFn } from '../../src/ports/fetch';

/** Test support for the ride adapter suites (Node only): a webhook receiver, a counting fetch, JSON key paths. */

export interface ReceivedWebhook {
  raw: Uint8Array;
  headers: Headers;
}

/** A loopback endpoint that keeps every POST's raw bytes and headers, as a real receiver would see them. */
export async function startWebhookReceiver(): Promise<LoopbackServer & { received: ReceivedWebhook[] }> {
  const received: ReceivedWebhook[] = [];
  const server = await serveOnLoopback(async (request) => {
    received.push({ raw: new Uint8Array(await request.arrayBuffer()), headers: request.headers });
    return new Response(null, { status: 204 });
  });
  return Object.assign(server, { received });
}

/** Wraps fetch to count the requests that really left the adapter. */
export function countingFetch(): FetchFn & { count: number; paths: string[] } {
  const wrapper = Object.assign(
    async (input: string | URL | Request, init?: RequestInit) => {
      wrapper.count++;
      const url = input instanceof Request ? input.url : String(input);
      wrapper.paths.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
      return fetch(input, init);
    },
    { count: 0, paths: [] as string[] },
  );
  return wrapper;
}

/** Every key path in a JSON value, e.g. ["guest", "guest.first_name", ...]; array items as "[]". */
export function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => keyPaths(item, `${prefix}[]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...keyPaths(child, path)];
  });
}

export const noSleep = () => Promise.resolve();
