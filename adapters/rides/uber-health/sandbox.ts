import { defineSandboxSimulator } from '../../shared/sandbox-simulator';
import { startUberHealthSimulator, UBER_SIM_DEFAULTS } from './simulator';

/** The sandbox Uber Health API, reached as sandbox://uber-health. */
export const sandboxSimulator = defineSandboxSimulator({
  kind: 'rides',
  adapter: 'uber-health',
  name: 'uber-health',
  secrets: { SANDBOX_UBER_CLIENT_SECRET: UBER_SIM_DEFAULTS.clientSecret, SANDBOX_UBER_WEBHOOK_SECRET: UBER_SIM_DEFAULTS.webhookSecret },
  start: () => startUberHealthSimulator(),
});
