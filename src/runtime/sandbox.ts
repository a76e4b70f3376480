import type { SandboxSimulator, StartedRideSimulator, StartedSimulator } from '../../adapters/shared/sandbox-simulator';
import type { SourceKind } from '../../adapters/shared/source-adapter';
import type { GatewayConfig } from '../../config/schema';
import { loadConfigFromFile } from './load-config-node';
import { loadSandboxSimulator } from './load-sandbox-simulator';

export interface SandboxSimulators {
  /** Simulator name -> loopback base URL, for `sandbox://<name>` in config. */
  urls: Record<string, string>;
  /** Sandbox-only secrets the sandbox config names (`{"env": ...}`), so no credentials are needed. */
  secrets: Record<string, string>;
  /** The started simulators by name (`sandbox://<name>`). */
  started: ReadonlyMap<string, StartedSimulator>;
  /**
   * One started simulator with its own type (request logs, faults, webhooks), for tests that
   * count or fault upstream calls: pass the adapter's `sandboxSimulator`. Throws when not started.
   */
  of<Started extends StartedSimulator>(simulator: SandboxSimulator<SourceKind, Started>): Started;
  /**
   * Points the ride simulators' signed webhooks at a gateway that just started listening
   * (`<gatewayUrl>/webhooks/rides/<source id>`), unless a test already aimed them elsewhere.
   */
  attachGateway(gatewayUrl: string, config: GatewayConfig): void;
  /** Stops the ride simulators' webhooks (the gateway they were aimed at is gone). */
  detachGateway(): void;
  close(): Promise<void>;
}

interface Running {
  simulator: SandboxSimulator;
  started: StartedSimulator;
}

const isRideSimulator = (started: StartedSimulator): started is StartedRideSimulator => 'webhookUrl' in started;

/** name -> the simulator the config's `sandbox://<name>` sources need (one per name, whatever the number of sources). */
async function simulatorsNamedIn(config: GatewayConfig): Promise<Map<string, SandboxSimulator>> {
  const wanted = new Map<string, SandboxSimulator>();
  for (const [index, source] of config.sources.entries()) {
    if (!source.baseUrl.startsWith('sandbox://')) continue;
    const name = source.baseUrl.slice('sandbox://'.length);
    const simulator = await loadSandboxSimulator(source.kind, source.adapter);
    if (simulator.name !== name) throw new Error(`sources[${index}].baseUrl: the ${source.adapter} simulator is sandbox://${simulator.name}, not ${source.baseUrl}`);
    wanted.set(name, simulator);
  }
  return wanted;
}

/** The sandbox-only secrets the config's `sandbox://` sources are given, without starting anything (the config check). */
export async function sandboxSecretsFor(config: GatewayConfig): Promise<Record<string, string>> {
  const wanted = await simulatorsNamedIn(config);
  return Object.fromEntries([...wanted.values()].flatMap((simulator) => Object.entries(simulator.secrets)));
}

/** Simulators already running elsewhere (SANDBOX_URLS, another process): their URLs and secrets, nothing to start or stop. */
export function sandboxAt(urls: Record<string, string>, secrets: Record<string, string> = {}): SandboxSimulators {
  return fromRunning(new Map(), urls, secrets);
}

/**
 * Starts the upstream simulators the config's `sandbox://<name>` sources name (default: the
 * sandbox config), on loopback ports chosen by the OS.
 */
export async function startSandboxSimulators(config: GatewayConfig = loadConfigFromFile(undefined).config): Promise<SandboxSimulators> {
  const wanted = await simulatorsNamedIn(config);
  const running = new Map<string, Running>();
  let urls: Record<string, string>;
  try {
    await Promise.all(
      [...wanted].map(async ([name, simulator]) => {
        const started = await simulator.start();
        running.set(name, { simulator, started });
        if (simulator.kind === 'rides' && !isRideSimulator(started)) throw new Error(`the ${simulator.adapter} simulator has no webhookUrl`);
      }),
    );
    urls = hostUrls(running);
  } catch (error) {
    await Promise.all([...running.values()].map(({ started }) => started.close()));
    throw error;
  }
  const secrets = Object.fromEntries([...running.values()].flatMap(({ simulator }) => Object.entries(simulator.secrets)));
  return fromRunning(running, urls, secrets);
}

/** `sandbox://<name>` -> loopback URL, for every host of every started simulator (its own, and its `hosts`). */
function hostUrls(running: ReadonlyMap<string, Running>): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [name, { started }] of running) {
    for (const [host, url] of [[name, started.url], ...Object.entries(started.hosts ?? {})]) {
      if (host === undefined || url === undefined) continue;
      if (urls[host] !== undefined) throw new Error(`two sandbox simulators serve sandbox://${host}`);
      urls[host] = url;
    }
  }
  return urls;
}

function fromRunning(running: ReadonlyMap<string, Running>, urls: Record<string, string>, secrets: Record<string, string>): SandboxSimulators {
  const rideSimulators = () => [...running.values()].map(({ started }) => started).filter(isRideSimulator);
  return {
    urls,
    secrets,
    started: new Map([...running].map(([name, { started }]) => [name, started])),
    of<Started extends StartedSimulator>(simulator: SandboxSimulator<SourceKind, Started>): Started {
      const entry = running.get(simulator.name);
      if (!entry || entry.simulator.kind !== simulator.kind || entry.simulator.adapter !== simulator.adapter) {
        throw new Error(`the sandbox did not start the ${simulator.adapter} simulator (sandbox://${simulator.name})`);
      }
      // The map holds simulators of many types; this entry was started by this very descriptor's start().
      return entry.started as Started;
    },
    attachGateway(gatewayUrl, config) {
      for (const simulator of rideSimulators()) {
        const source = config.sources.find((candidate) => candidate.kind === 'rides' && candidate.baseUrl === simulator.url);
        if (source && simulator.webhookUrl === null) simulator.webhookUrl = `${gatewayUrl}/webhooks/rides/${source.id}`;
      }
    },
    detachGateway() {
      for (const simulator of rideSimulators()) simulator.webhookUrl = null;
    },
    close: async () => {
      await Promise.all([...running.values()].map(({ started }) => started.close()));
    },
  };
}
