import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createSchema, createYoga } from 'graphql-yoga';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startNodeGateway } from '../../src/runtime/start-node-gateway';
import { createJsonLogger } from '../../src/observability/json-logger';
import { sandboxAt } from '../../src/runtime/sandbox';

/**
 * One server under test per process (the bench pins this process to its own core):
 *   servers.ts hono <port> | yoga <port> | gateway <port> '{"urls":{...},"secrets":{...}}'
 * Port 0 picks a free port. Prints "ready <port>" on stdout when listening.
 */
const [scenario, portText, simulatorsJson] = process.argv.slice(2);
const port = Number(portText);

if (scenario === 'hono') {
  const app = new Hono().get('/', (c) => c.text('hello'));
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => console.log(`ready ${info.port}`));
} else if (scenario === 'yoga') {
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }),
    logging: false,
  });
  const server = createServer((req, res) => void yoga(req, res)).listen(port, '127.0.0.1', () => console.log(`ready ${(server.address() as AddressInfo).port}`));
} else if (scenario === 'gateway') {
  if (!simulatorsJson) throw new Error('gateway scenario needs the simulator URLs and secrets (JSON)');
  const { urls, secrets } = JSON.parse(simulatorsJson) as { urls: Record<string, string>; secrets: Record<string, string> };
  const gateway = await startNodeGateway({
    env: {},
    port,
    logger: createJsonLogger({ level: 'error' }),
    // Audit events still go through the sink (the real cost), but to /dev/null rather than the terminal.
    auditSink: { write: async (event) => void JSON.stringify(event) },
    simulators: sandboxAt(urls, secrets),
    // The limiter still runs on every request (its cost is measured), but never refuses the load generator.
    adjustConfig: (config) => ({
      ...config,
      partners: config.partners.map((partner) => ({ ...partner, rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } })),
    }),
  });
  console.log(`ready ${gateway.port}`);
} else {
  throw new Error(`unknown scenario ${scenario}`);
}
