import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../config/schema';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { sandboxSimulator as lyftSandbox } from '../../adapters/rides/lyft/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { appointmentGid, SANDBOX_BOOKED_APPOINTMENT } from '../helpers/rides';

/**
 * Lyft books only with a user-authorized token (scopes rides.request / rides.read); client
 * credentials grant `public`. The sandbox books with the organisation's refresh token; a source
 * left on client credentials estimates but is refused booking, naming the source, and /readyz says why.
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({ simulators });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

const lyft = () => simulators.of(lyftSandbox);
const SCHEDULE = 'mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { id status source { id } } }';
const ESTIMATES = 'query($input: RideEstimateInput!) { rideEstimates(input: $input) { source { id } error { code } estimates { product { id } } } }';
const schedule = (target: TestGateway, idempotencyKey: string) =>
  target.graphql<{ scheduleRide: { status: string; source: { id: string } } }>(SCHEDULE, {
    partner: 'sandbox-rides',
    variables: { input: { appointmentId: appointmentGid(SANDBOX_BOOKED_APPOINTMENT), rideSource: 'sandbox-lyft', idempotencyKey } },
  });
interface Readiness {
  status: string;
  checks: Record<string, string>;
  warnings?: Record<string, string>;
}
const readiness = async (target: TestGateway) => (await (await fetch(`${target.url}/readyz`)).json()) as Readiness;

const onClientCredentials = (config: GatewayConfig): GatewayConfig => ({
  ...config,
  sources: config.sources.map((source) => (source.kind === 'rides' && source.adapter === 'lyft' ? { ...source, auth: { type: 'client-credentials' as const } } : source)),
});

describe('Lyft auth through the gateway', () => {
  it('the sandbox books Lyft rides with the organisation refresh token', async () => {
    const { body } = await schedule(gateway, `lyft-user-${crypto.randomUUID()}`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.scheduleRide).toMatchObject({ status: 'SCHEDULED', source: { id: 'sandbox-lyft' } });
    expect(lyft().oauth.grants).toContain('refresh_token');
    const report = await readiness(gateway);
    expect(report.checks['source:sandbox-lyft']).toBe('up');
    expect(report.warnings?.['source:sandbox-lyft']).toBeUndefined();
  });

  it('a source on public-only client credentials still estimates, is refused booking naming the source, and /readyz says why', async () => {
    const appOnly = await startTestGateway({ simulators, adjustConfig: onClientCredentials });
    try {
      const bookingsBefore = lyft().bookings;
      const estimates = await appOnly.graphql<{ rideEstimates: { source: { id: string }; error: unknown; estimates: unknown[] }[] }>(ESTIMATES, {
        partner: 'sandbox-rides',
        variables: { input: { appointmentId: appointmentGid(SANDBOX_BOOKED_APPOINTMENT) } },
      });
      const lyftEstimates = estimates.body.data?.rideEstimates.find((result) => result.source.id === 'sandbox-lyft');
      expect(lyftEstimates?.error).toBeNull();
      expect(lyftEstimates?.estimates.length).toBeGreaterThan(0);

      const { body } = await schedule(appOnly, `lyft-app-${crypto.randomUUID()}`);
      const error = body.errors?.[0];
      expect(error?.extensions?.['code']).toBe('UPSTREAM_REJECTED');
      expect(error?.extensions?.['details']).toMatchObject({ sourceId: 'sandbox-lyft', reason: 'RIDE_SCOPES_NOT_GRANTED', grantedScopes: ['public'] });
      expect(lyft().bookings).toBe(bookingsBefore);

      const report = await readiness(appOnly);
      expect(report.status).toBe('degraded');
      expect(report.checks['source:sandbox-lyft']).toBe('down');
      expect(report.warnings?.['source:sandbox-lyft']).toMatch(/^Ride source sandbox-lyft is not authorized to book or read Lyft rides/);
    } finally {
      await appOnly.close();
    }
  });
});
