import { defineSandboxSimulator } from '../../shared/sandbox-simulator';
import { LYFT_SIM_DEFAULTS, startLyftSimulator } from './simulator';

/** The sandbox Lyft API, reached as sandbox://lyft. */
export const sandboxSimulator = defineSandboxSimulator({
  kind: 'rides',
  adapter: 'lyft',
  name: 'lyft',
  secrets: {
    SANDBOX_LYFT_CLIENT_SECRET: LYFT_SIM_DEFAULTS.clientSecret,
    SANDBOX_LYFT_WEBHOOK_SECRET: LYFT_SIM_DEFAULTS.webhookSecret,
    // The sandbox organisation's authorized refresh token: config/sandbox.json books in the user mode, as production must.
    SANDBOX_LYFT_REFRESH_TOKEN: LYFT_SIM_DEFAULTS.refreshToken,
  },
  start: () => startLyftSimulator(),
});
