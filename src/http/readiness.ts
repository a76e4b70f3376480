/** One named probe for /readyz; `critical` failures make the instance unready (503), others degrade it. */
export interface ReadinessCheck {
  name: string;
  critical: boolean;
  probe(): Promise<boolean>;
}

export interface ReadinessReport {
  status: 'ready' | 'degraded' | 'unready';
  checks: Record<string, 'up' | 'down'>;
  /** Circuit breaker state per source; any but "closed" makes a ready instance degraded. */
  circuits?: Record<string, string>;
  /** Set while the instance shuts down: unready, so load balancers stop sending it requests. */
  draining?: boolean;
}

/** Adds breaker states and the shutdown flag to a report (see ReadinessReport). */
export function withRuntimeState(report: ReadinessReport, state: { circuits?: Record<string, string>; draining?: boolean }): ReadinessReport {
  const out: ReadinessReport = { ...report };
  if (state.circuits) {
    out.circuits = state.circuits;
    if (out.status === 'ready' && Object.values(state.circuits).some((circuit) => circuit !== 'closed')) out.status = 'degraded';
  }
  if (state.draining) {
    out.draining = true;
    out.status = 'unready';
  }
  return out;
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

/**
 * checkReadiness for one set of checks, with concurrent calls sharing one run: frequent
 * load-balancer health checks must not multiply into upstream pings.
 */
export function sharedReadiness(checks: readonly ReadinessCheck[]): () => Promise<ReadinessReport> {
  let running: Promise<ReadinessReport> | null = null;
  return () => {
    running ??= checkReadiness(checks).finally(() => {
      running = null;
    });
    return running;
  };
}
