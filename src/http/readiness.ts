/** One named probe for /readyz; `critical` failures make the instance unready (503), others degrade it. */
export interface ReadinessCheck {
  name: string;
  critical: boolean;
  probe(): Promise<boolean>;
}

export interface ReadinessReport {
  status: 'ready' | 'degraded' | 'unready';
  checks: Record<string, 'up' | 'down'>;
}

const PROBE_TIMEOUT_MS = 2000;

const withTimeout = (probe: Promise<boolean>) =>
  Promise.race([probe.catch(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), PROBE_TIMEOUT_MS))]);

/** Runs every probe in parallel, each bounded, so /readyz answers in ~2 s at worst. */
export async function checkReadiness(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map(async (check) => ({ check, up: await withTimeout(check.probe()) })));
  const report: ReadinessReport = { status: 'ready', checks: {} };
  for (const { check, up } of results) {
    report.checks[check.name] = up ? 'up' : 'down';
    if (!up) report.status = check.critical ? 'unready' : report.status === 'unready' ? 'unready' : 'degraded';
  }
  return report;
}
