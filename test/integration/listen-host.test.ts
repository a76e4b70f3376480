import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway } from '../helpers/gateway';

/**
 * HOST: a container deploy must be reachable from outside its own host (0.0.0.0), while the
 * sandbox, whose keys are public, stays on loopback unless told otherwise.
 */
let simulators: SandboxSimulators;
beforeAll(async () => {
  simulators = await startSandboxSimulators();
});
afterAll(async () => {
  await simulators?.close();
});

/** This machine's first non-loopback IPv4 address, if it has one (a container or VM usually does). */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((info) => info?.family === 'IPv4' && !info.internal)?.address;

const healthz = async (host: string, port: number): Promise<number | 'refused'> =>
  fetch(`http://${host}:${port}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
    (response) => response.status,
    () => 'refused' as const,
  );

describe('HOST', () => {
  it('HOST=0.0.0.0 binds every interface: the gateway answers on loopback and on the machine\'s own address', async () => {
    const gateway = await startTestGateway({ simulators, env: { HOST: '0.0.0.0' } });
    try {
      expect(gateway.host).toBe('0.0.0.0');
      expect(gateway.url).toBe(`http://127.0.0.1:${gateway.port}`);
      expect(await healthz('127.0.0.1', gateway.port)).toBe(200);
      if (externalAddress) expect(await healthz(externalAddress, gateway.port)).toBe(200);
    } finally {
      await gateway.close();
    }
  });

  it('the sandbox listens on 127.0.0.1 by default, out of reach of other hosts', async () => {
    const gateway = await startTestGateway({ simulators });
    try {
      expect(gateway.host).toBe('127.0.0.1');
      expect(await healthz('127.0.0.1', gateway.port)).toBe(200);
      if (externalAddress) expect(await healthz(externalAddress, gateway.port)).toBe('refused');
    } finally {
      await gateway.close();
    }
  });

  it('a production config listens on every interface by default', async () => {
    const gateway = await startTestGateway({ simulators, adjustConfig: (config) => ({ ...config, mode: 'production' }) });
    try {
      expect(gateway.host).toBe('0.0.0.0');
      expect(await healthz('127.0.0.1', gateway.port)).toBe(200);
    } finally {
      await gateway.close();
    }
  });

  it('refuses a HOST that is not an address, naming it', async () => {
    await expect(startTestGateway({ simulators, env: { HOST: 'every interface' } })).rejects.toThrow(/HOST: must be an IP address or host name/);
  });
});
