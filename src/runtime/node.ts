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
  const shutdown = (signal: string) => {
    console.error(`${signal}: shutting down`);
    void gateway.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
