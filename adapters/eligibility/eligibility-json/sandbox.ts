import { defineSandboxSimulator } from '../../shared/sandbox-simulator';
import { sandboxJsonClient, startEligibilityJsonSimulator } from './simulator';

/** The sandbox JSON clearinghouse, reached as sandbox://eligibility-json. */
export const sandboxSimulator = defineSandboxSimulator({
  kind: 'eligibility',
  adapter: 'eligibility-json',
  name: 'eligibility-json',
  secrets: { SANDBOX_CLEARINGHOUSE_SECRET: sandboxJsonClient.clientSecret },
  start: () => startEligibilityJsonSimulator(),
});
