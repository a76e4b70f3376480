import { defineSandboxSimulator } from '../../shared/sandbox-simulator';
import { startUberHealthSimulator, UBER_SIM_DEFAULTS } from './simulator';

/**
 * The sandbox Uber Health API, reached as sandbox://uber-health, and its auth host (auth.uber.com)
 * as sandbox://uber-health-auth: the sandbox config's tokenUrl names the latter.
 */
export const sandboxSimulator = defineSandboxSimulator({
  kind: 'rides',
  adapter: 'uber-health',
  name: 'uber-health',
  secrets: { SANDBOX_UBER_CLIENT_SECRET: UBER_SIM_DEFAULTS.clientSecret, SANDBOX_UBER_WEBHOOK_SECRET: UBER_SIM_DEFAULTS.webhookSecret },
  start: async () => {
    const simulator = await startUberHealthSimulator({ environment: 'sandbox' });
    return Object.assign(simulator, { hosts: { 'uber-health-auth': simulator.authUrl } });
  },
});
