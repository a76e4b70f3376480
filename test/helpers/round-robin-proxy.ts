import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny round-robin load balancer on loopback, for rolling-restart tests. Like a real one it
 * polls each backend's /readyz (every 100 ms) and routes only to ready ones, and it tries the
 * next backend when a connection is refused; like nginx for POST (non-idempotent), it does
 * NOT retry once the request was sent, so a backend cutting an in-flight request is a failure
 * the client sees. One fresh connection per request, no keep-alive.
 */
export interface RoundRobinProxy {
  url: string;
  /** Requests answered per backend port. */
  served: Map<number, number>;
  /** Attempts that failed to connect and went to the next backend. */
  retried: number;
  close(): Promise<void>;
}

const HEALTH_INTERVAL_MS = 100;

const probe = (port: number) =>
  new Promise<boolean>((resolve) => {
    const check = httpRequest({ host: '127.0.0.1', port, path: '/readyz', agent: false, timeout: 500 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    check.on('error', () => resolve(false));
    check.on('timeout', () => check.destroy());
    check.end();
  });

export async function startRoundRobinProxy(backendPorts: readonly number[]): Promise<RoundRobinProxy> {
  let turn = 0;
  const served = new Map<number, number>();
  const state = { retried: 0 };
  const ready = new Map<number, boolean>(backendPorts.map((port) => [port, true]));
  const probing = new Set<number>();
  const health = setInterval(() => {
    for (const port of backendPorts) {
      if (probing.has(port)) continue; // one probe per backend at a time
      probing.add(port);
      void probe(port).then((up) => {
        ready.set(port, up);
        probing.delete(port);
      });
    }
  }, HEALTH_INTERVAL_MS);
  const pick = (): number => {
    for (let i = 0; i < backendPorts.length; i++) {
      const port = backendPorts[turn++ % backendPorts.length] as number;
      if (ready.get(port)) return port;
    }
    return backendPorts[turn++ % backendPorts.length] as number; // none ready: try anyway
  };

  const forward = (port: number, req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      let connected = false;
      const outgoing = httpRequest(
        { host: '127.0.0.1', port, method: req.method, path: req.url, headers: { ...req.headers, connection: 'close' }, agent: false },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
          // After the first response byte a failure is the client's to see: no retry.
          response.on('error', (error) => reject(Object.assign(error, { started: true })));
        },
      );
      outgoing.on('socket', (socket) => socket.once('connect', () => (connected = true)));
      outgoing.on('error', (error) => reject(Object.assign(error, { started: connected })));
      outgoing.end(body);
    });

  const server: Server = createServer((req, res) => void (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    for (let attempt = 0; attempt < backendPorts.length * 20; attempt++) {
      const port = pick();
      try {
        const answer = await forward(port, req, body);
        served.set(port, (served.get(port) ?? 0) + 1);
        const headers = { ...answer.headers };
        delete headers['connection'];
        delete headers['transfer-encoding'];
        res.writeHead(answer.status, headers).end(answer.body);
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        // Only a refused connection is retried: the request never reached the backend.
        if ((error as { started?: boolean }).started || code !== 'ECONNREFUSED') break;
        state.retried++;
        if (attempt >= backendPorts.length - 1) await new Promise((resolve) => setTimeout(resolve, 20)); // every backend refused: brief pause
      }
    }
    res.writeHead(502, { 'content-type': 'text/plain' }).end('no backend answered');
  })());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    get retried() {
      return state.retried;
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(health);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
