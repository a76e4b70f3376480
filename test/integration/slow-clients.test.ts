import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * Slow clients (slowloris): a real TCP socket trickles a request a few bytes at a time and never
 * finishes. The server must answer 408 and close the socket once the headers, or the whole
 * request, take longer than configured (short here: 400 ms / 1200 ms), while the client is still sending.
 */
const HEADERS_TIMEOUT_MS = 400;
const REQUEST_TIMEOUT_MS = 1200;
let simulators: SandboxSimulators;
let gateway: TestGateway;

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({
    simulators,
    env: { HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
  });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

interface Trickle {
  /** Milliseconds from connect until the server closed the socket. */
  closedAfterMs: number;
  /** What the server wrote before closing. */
  answer: string;
  /** Bytes of `drip` the client still had to send when the socket closed. */
  unsent: number;
}

/** Sends `head` at once, then one character of `drip` every `everyMs`, until the server closes the socket (or 10 s). */
function trickle(head: string, drip: string, everyMs: number): Promise<Trickle> {
  const started = Date.now();
  const socket: Socket = connect(gateway.port, '127.0.0.1');
  let answer = '';
  let sent = 0;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => void (answer += chunk));
  socket.on('error', () => undefined); // a reset after the server's close is expected
  socket.write(head);
  const timer = setInterval(() => {
    if (sent < drip.length && !socket.destroyed && socket.writable) socket.write(drip[sent++] ?? '');
  }, everyMs);
  return new Promise((resolve) => {
    const giveUp = setTimeout(() => socket.destroy(), 10_000);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ closedAfterMs: Date.now() - started, answer, unsent: drip.length - sent });
    });
  });
}

describe('slow clients are cut', () => {
  it('closes a socket that trickles its headers, after the headers timeout', async () => {
    const result = await trickle('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n', `X-Slow: ${'a'.repeat(200)}\r\n\r\n`, 50);
    expect(result.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(result.unsent).toBeGreaterThan(0); // cut while still sending
    expect(result.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expect(result.closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 1000);
  });

  it('closes a socket that trickles its body, after the request timeout', async () => {
    const body = JSON.stringify({ query: `{ viewer { id } }${' '.repeat(400)}` });
    const head = [
      'POST /graphql HTTP/1.1',
      'Host: 127.0.0.1',
      `Authorization: Bearer ${await gateway.token('sandbox-internal')}`,
      'Content-Type: application/json',
      `Content-Length: ${body.length}`,
      '',
      '',
    ].join('\r\n');
    const result = await trickle(head, body, 50);
    expect(result.unsent).toBeGreaterThan(0);
    expect(result.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(result.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1500);
    expect(result.answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('still serves a client that sends its request at normal speed', async () => {
    const { status, body } = await gateway.graphql<{ viewer: { id: string } }>('{ viewer { id } }');
    expect(status).toBe(200);
    expect(body.data?.viewer.id).toBe('sandbox-internal');
  });
});
