import { startFhirSimulator, type StartedFhirSimulator } from '../../adapters/ehr/fhir-r4/simulator';
import { sandboxJsonClient, startEligibilityJsonSimulator } from '../../adapters/eligibility/eligibility-json/simulator';
import { sandboxCoreCredentials, startX12CoreSimulator } from '../../adapters/eligibility/x12-core/simulator';

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
  close(): Promise<void>;
}

/** Starts every upstream simulator the sandbox config refers to, on loopback ports chosen by the OS. */
export async function startSandboxSimulators(): Promise<SandboxSimulators> {
  const [fhir, x12, eligibilityJson] = await Promise.all([startFhirSimulator(), startX12CoreSimulator(), startEligibilityJsonSimulator()]);
  return {
    urls: { fhir: fhir.url, 'x12-core': x12.url, 'eligibility-json': eligibilityJson.url },
    secrets: {
      SANDBOX_X12_CORE_PASSWORD: sandboxCoreCredentials.password,
      SANDBOX_CLEARINGHOUSE_SECRET: sandboxJsonClient.clientSecret,
    },
    fhir,
    x12,
    eligibilityJson,
    close: async () => {
      await Promise.all([fhir.close(), x12.close(), eligibilityJson.close()]);
    },
  };
}
