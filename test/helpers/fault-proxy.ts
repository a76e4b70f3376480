import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { serveOnLoopback } from '../../adapters/shared/loopback-server';

/**
 * A misbehaving upstream in front of a real simulator, on loopback. Raw TCP at the front (so it
 * can reset connections like a crashed server or a broken load balancer), HTTP behind it (so it
 * can delay, fail with a status, or answer garbage). `pass` forwards to the simulator unchanged.
 */
export type FaultMode =
  | { kind: 'pass' }
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: 'garbage' }
  | { kind: 'reset' }
  /** Each request fails with `status` with probability 1/2 ("fails half its calls"). */
  | { kind: 'fail-half'; status: number };

export interface FaultProxy {
  /** Base URL with the target's path (e.g. http://127.0.0.1:<port>/fhir/R4). */
  url: string;
  set(mode: FaultMode): void;
  /** Connections (reset mode) plus HTTP requests seen. */
  readonly hits: number;
  resetHits(): void;
  close(): Promise<void>;
}

const HOP_HEADERS = ['host', 'connection', 'content-length', 'transfer-encoding', 'content-encoding', 'keep-alive'];

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  let mode: FaultMode = { kind: 'pass' };
  let hits = 0;

  const inner = await serveOnLoopback(async (request) => {
    hits++;
    const current = mode;
    if (current.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, current.ms));
    if (current.kind === 'status' || (current.kind === 'fail-half' && Math.random() < 0.5)) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (current.kind === 'status' && current.retryAfterSeconds !== undefined) headers['retry-after'] = String(current.retryAfterSeconds);
      return new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }), {
        status: current.status,
        headers,
      });
    }
    if (current.kind === 'garbage') return new Response('<html>502 Bad Gateway from a confused proxy</html>{{{', { status: 200, headers: { 'content-type': 'application/fhir+json' } });
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    for (const name of HOP_HEADERS) headers.delete(name);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    const answer = await fetch(`${target.origin}${url.pathname}${url.search}`, { method: request.method, headers, body });
    const out = new Headers(answer.headers);
    for (const name of HOP_HEADERS) out.delete(name);
    return new Response(await answer.arrayBuffer(), { status: answer.status, headers: out });
  });

  const sockets = new Set<Socket>();
  const front = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (mode.kind === 'reset') {
      hits++;
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(inner.port, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const port = (front.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}${target.pathname.replace(/\/$/, '')}`,
    set: (next) => {
      mode = next;
      // Kept-alive connections from the gateway would bypass the reset: cut them too.
      if (next.kind === 'reset') for (const socket of sockets) socket.resetAndDestroy();
    },
    get hits() {
      return hits;
    },
    resetHits: () => {
      hits = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await inner.close();
    },
  };
}
