import { describe, expect, it } from 'vitest';
import { ehrAdapters } from '../../adapters/ehr/registry';
import { eligibilityAdapters } from '../../adapters/eligibility/registry';
import { sandboxSimulator as lyftSandbox } from '../../adapters/rides/lyft/sandbox';
import { rideAdapters } from '../../adapters/rides/registry';
import { sandboxSimulator as uberHealthSandbox } from '../../adapters/rides/uber-health/sandbox';
import { parseConfig } from '../../config/parse-config';
import sandbox from '../../config/sandbox.json';
import { loadSandboxSimulator } from './load-sandbox-simulator';
import { resolveSandboxUrls } from './resolve-sandbox-urls';
import { startSandboxSimulators } from './sandbox';

const sandboxConfig = parseConfig(sandbox);
const onlySources = (ids: string[]) => ({ ...sandboxConfig, sources: sandboxConfig.sources.filter((source) => ids.includes(source.id)) });

describe('sandbox simulators', () => {
  it('every registered adapter has its sandbox simulator at adapters/<kind>/<adapter>/sandbox.ts', async () => {
    const registered = [ehrAdapters, eligibilityAdapters, rideAdapters].flatMap((registry) => registry.adapters.map((adapter) => [registry.kind, adapter.adapter] as const));
    expect(new Set(registered.map(([kind]) => kind))).toEqual(new Set(['ehr', 'eligibility', 'rides']));
    for (const [kind, adapter] of registered) {
      const simulator = await loadSandboxSimulator(kind, adapter);
      expect({ kind: simulator.kind, adapter: simulator.adapter }).toEqual({ kind, adapter });
    }
  });

  it('starts only the simulators the config names, with their secrets', async () => {
    const simulators = await startSandboxSimulators(onlySources(['sandbox-uber-health']));
    try {
      expect(Object.keys(simulators.urls)).toEqual(['uber-health', 'uber-health-auth']);
      expect([...simulators.started.keys()]).toEqual(['uber-health']);
      expect(Object.keys(simulators.secrets).sort()).toEqual(['SANDBOX_UBER_CLIENT_SECRET', 'SANDBOX_UBER_WEBHOOK_SECRET']);
      expect((await fetch(`${simulators.urls['uber-health']}/v1/health/trips`)).status).toBe(401); // a live Uber Health simulator
      expect(simulators.of(uberHealthSandbox).url).toBe(simulators.urls['uber-health']);
      expect(simulators.of(uberHealthSandbox).authUrl).toBe(simulators.urls['uber-health-auth']);
      // The sandbox config's tokenUrl (sandbox://uber-health-auth/oauth/v2/token) resolves to the auth host, path kept.
      const [uberSource] = resolveSandboxUrls(onlySources(['sandbox-uber-health']), simulators.urls).sources;
      expect(uberSource).toMatchObject({ baseUrl: simulators.urls['uber-health'], tokenUrl: `${simulators.urls['uber-health-auth']}/oauth/v2/token` });
      expect(() => simulators.of(lyftSandbox)).toThrowError(/did not start the lyft simulator/);
    } finally {
      await simulators.close();
    }
  });

  it('aims ride webhooks at a gateway generically, and stops them again', async () => {
    const simulators = await startSandboxSimulators(onlySources(['sandbox-lyft', 'sandbox-uber-health']));
    try {
      const config = { ...sandboxConfig, sources: sandboxConfig.sources.map((source) => ({ ...source, baseUrl: simulators.urls[source.baseUrl.slice('sandbox://'.length)] ?? source.baseUrl })) };
      simulators.attachGateway('http://127.0.0.1:9', config);
      expect(simulators.of(lyftSandbox).webhookUrl).toBe('http://127.0.0.1:9/webhooks/rides/sandbox-lyft');
      expect(simulators.of(uberHealthSandbox).webhookUrl).toBe('http://127.0.0.1:9/webhooks/rides/sandbox-uber-health');
      simulators.detachGateway();
      expect([simulators.of(lyftSandbox).webhookUrl, simulators.of(uberHealthSandbox).webhookUrl]).toEqual([null, null]);
    } finally {
      await simulators.close();
    }
  });

  it('refuses a sandbox:// name that is not the adapter simulator', async () => {
    const config = onlySources(['sandbox-lyft']);
    const wrong = { ...config, sources: config.sources.map((source) => ({ ...source, baseUrl: 'sandbox://uber-health' })) };
    await expect(startSandboxSimulators(wrong)).rejects.toThrowError(/sources\[0\]\.baseUrl: the lyft simulator is sandbox:\/\/lyft/);
  });
});
