import { startFhirSimulator, type StartedFhirSimulator } from '../../adapters/ehr/fhir-r4/simulator';
import { sandboxJsonClient, startEligibilityJsonSimulator } from '../../adapters/eligibility/eligibility-json/simulator';
import { sandboxCoreCredentials, startX12CoreSimulator } from '../../adapters/eligibility/x12-core/simulator';
import { LYFT_SIM_DEFAULTS, startLyftSimulator } from '../../adapters/rides/lyft/simulator';
import { UBER_SIM_DEFAULTS, startUberHealthSimulator } from '../../adapters/rides/uber-health/simulator';
import type { GatewayConfig } from '../../config/schema';

type Started<T extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<T>>;

export interface SandboxSimulators {
  /** Simulator name -> loopback base URL, for `sandbox://<name>` in config. */
  urls: Record<string, string>;
  /** Sandbox-only secrets the sandbox config names (`{"env": ...}`), so no credentials are needed. */
  secrets: Record<string, string>;
  /** The started simulators, for tests that count or fault upstream calls. */
  fhir?: StartedFhirSimulator;
  x12?: Started<typeof startX12CoreSimulator>;
  eligibilityJson?: Started<typeof startEligibilityJsonSimulator>;
  lyft?: Started<typeof startLyftSimulator>;
  uberHealth?: Started<typeof startUberHealthSimulator>;
  /**
   * Points the ride simulators' signed webhooks at a gateway that just started listening
   * (`<gatewayUrl>/webhooks/rides/<source id>`), unless a test already aimed them elsewhere.
   */
  attachGateway?(gatewayUrl: string, config: GatewayConfig): void;
  close(): Promise<void>;
}

/** Starts every upstream simulator the sandbox config refers to, on loopback ports chosen by the OS. */
export async function startSandboxSimulators(): Promise<SandboxSimulators> {
  const [fhir, x12, eligibilityJson, lyft, uberHealth] = await Promise.all([
    startFhirSimulator(),
    startX12CoreSimulator(),
    startEligibilityJsonSimulator(),
    startLyftSimulator(),
    startUberHealthSimulator(),
  ]);
  const rideSimulators = [lyft, uberHealth];
  return {
    urls: { fhir: fhir.url, 'x12-core': x12.url, 'eligibility-json': eligibilityJson.url, lyft: lyft.url, 'uber-health': uberHealth.url },
    secrets: {
      SANDBOX_X12_CORE_PASSWORD: sandboxCoreCredentials.password,
      SANDBOX_CLEARINGHOUSE_SECRET: sandboxJsonClient.clientSecret,
      SANDBOX_LYFT_CLIENT_SECRET: LYFT_SIM_DEFAULTS.clientSecret,
      SANDBOX_LYFT_WEBHOOK_SECRET: LYFT_SIM_DEFAULTS.webhookSecret,
      SANDBOX_UBER_CLIENT_SECRET: UBER_SIM_DEFAULTS.clientSecret,
      SANDBOX_UBER_WEBHOOK_SECRET: UBER_SIM_DEFAULTS.webhookSecret,
    },
    fhir,
    x12,
    eligibilityJson,
    lyft,
    uberHealth,
    attachGateway(gatewayUrl, config) {
      for (const simulator of rideSimulators) {
        const source = config.sources.find((candidate) => candidate.kind === 'rides' && candidate.baseUrl === simulator.url);
        if (source && simulator.webhookUrl === null) simulator.webhookUrl = `${gatewayUrl}/webhooks/rides/${source.id}`;
      }
    },
    close: async () => {
      await Promise.all([fhir.close(), x12.close(), eligibilityJson.close(), lyft.close(), uberHealth.close()]);
    },
  };
}
