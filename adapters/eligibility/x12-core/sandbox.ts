import { defineSandboxSimulator } from '../../shared/sandbox-simulator';
import { sandboxCoreCredentials, startX12CoreSimulator } from './simulator';

/** The sandbox CAQH CORE clearinghouse, reached as sandbox://x12-core. */
export const sandboxSimulator = defineSandboxSimulator({
  kind: 'eligibility',
  adapter: 'x12-core',
  name: 'x12-core',
  secrets: { SANDBOX_X12_CORE_PASSWORD: sandboxCoreCredentials.password },
  start: () => startX12CoreSimulator(),
});
