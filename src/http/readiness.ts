/** One named probe for /readyz; `critical` failures make the instance unready (503), others degrade it. */
export interface ReadinessCheck {
  name: string;
  critical: boolean;
  probe(): Promise<boolean>;
  /**
   * A setup problem worth an operator's attention that does not stop this instance serving
   * (e.g. a Store without persistence): a short text for the report's `warnings`, or null.
   */
  warning?(): Promise<string | null>;
}

export interface ReadinessReport {
  status: 'ready' | 'degraded' | 'unready';
  checks: Record<string, 'up' | 'down'>;
  /** Setup problems by check name; they leave `status` as it is. */
  warnings?: Record<string, string>;
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

const withTimeout = <T>(probe: Promise<T>, fallback: T) =>
  Promise.race([probe.catch(() => fallback), new Promise<T>((resolve) => setTimeout(() => resolve(fallback), PROBE_TIMEOUT_MS))]);

/** Runs every probe in parallel, each bounded, so /readyz answers in ~2 s at worst. */
export async function checkReadiness(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (check) => {
      const [up, warning] = await Promise.all([withTimeout(check.probe(), false), check.warning ? withTimeout(check.warning(), null) : null]);
      return { check, up, warning };
    }),
  );
  const report: ReadinessReport = { status: 'ready', checks: {} };
  for (const { check, up, warning } of results) {
    report.checks[check.name] = up ? 'up' : 'down';
    if (!up) report.status = check.critical ? 'unready' : report.status === 'unready' ? 'unready' : 'degraded';
    if (warning) report.warnings = { ...report.warnings, [check.name]: warning };
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
