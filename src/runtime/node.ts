import { ConfigError } from '../../config/parse-config';
import { startNodeGateway } from './start-node-gateway';
import { sandboxAuthorizationHeader } from './sandbox-token';

/** `npm start`: the gateway on PORT (default 8787); with no CAREGATE_CONFIG, the embedded sandbox. */
try {
  const gateway = await startNodeGateway({ env: process.env });
  const { config } = gateway.container;
  const publicUrl = `http://localhost:${gateway.port}`;
  console.error(`Caregate (${config.mode}) listening on ${publicUrl}/graphql`);
  if (config.mode === 'sandbox') {
    console.error(`Sandbox partner sandbox-internal, all scopes. Try:\n`);
    console.error(`  Authorization: ${await sandboxAuthorizationHeader(gateway.container, 'sandbox-internal')}\n`);
    console.error(`  GraphiQL: ${publicUrl}/graphql   (other partners: npm run token -- --partner sandbox-payer)`);
  }
  // Graceful: stop accepting, let in-flight requests finish (SHUTDOWN_DEADLINE_MS, default 10 s), close Redis.
  // A second signal stops at once.
  const shutdown = (signal: string) => {
    console.error(`${signal}: draining in-flight requests, then shutting down`);
    process.once(signal, () => process.exit(1));
    gateway.close().then(
      (completed) => process.exit(completed ? 0 : 1),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
