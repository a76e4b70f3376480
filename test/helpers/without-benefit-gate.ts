import type { GatewayConfig } from '../../config/schema';

/**
 * The sandbox config with every partner's ride benefit gate off: for suites about listing and
 * booking mechanics, whose patients are not all NEMT members. The gate itself is tested in
 * transportation-benefit.test.ts against the sandbox config as shipped.
 */
export const withoutBenefitGate = (config: GatewayConfig): GatewayConfig => ({
  ...config,
  partners: config.partners.map((partner) => ({ ...partner, rideBenefitCheck: 'off' as const })),
});
