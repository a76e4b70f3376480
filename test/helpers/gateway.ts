import type { GatewayConfig } from '../../config/schema';
import type { AuditEvent, AuditSink } from '../../src/ports/audit-sink';
import { createJsonLogger } from '../../src/observability/json-logger';
import { startNodeGateway, type RunningGateway } from '../../src/runtime/start-node-gateway';
import type { SandboxSimulators } from '../../src/runtime/sandbox';
import type { Scope } from '../../src/auth/scopes';

export interface TestGateway extends RunningGateway {
  /** Log lines the gateway wrote (JSON strings). */
  logs: string[];
  audit: AuditEvent[];
  token(partnerId: string, scopes?: Scope[]): Promise<string>;
  graphql<T = Record<string, unknown>>(
    query: string,
    options?: { partner?: string; scopes?: Scope[]; variables?: Record<string, unknown>; token?: string; operationName?: string },
  ): Promise<{ status: number; body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] } }>;
}

/** Starts a real gateway (Node server on a loopback port) against the given simulators, capturing logs and audit. */
export async function startTestGateway(
  options: {
    env?: Record<string, string | undefined>;
    simulators?: SandboxSimulators;
    adjustConfig?: (config: GatewayConfig) => GatewayConfig;
    auditSink?: AuditSink;
    /** Listen on this port (a restarted instance behind a load balancer); any free port by default. */
    port?: number;
  } = {},
): Promise<TestGateway> {
  const logs: string[] = [];
  const audit: AuditEvent[] = [];
  const logger = createJsonLogger({ level: (options.env?.['LOG_LEVEL'] as 'info' | undefined) ?? 'info', write: (line) => logs.push(line) });
  const gateway = await startNodeGateway({
    env: { ...options.env },
    port: options.port ?? 0,
    logger,
    auditSink: options.auditSink ?? { write: async (event) => void audit.push(event) },
    ...(options.simulators ? { simulators: options.simulators } : {}),
    ...(options.adjustConfig ? { adjustConfig: options.adjustConfig } : {}),
  });
  const token = async (partnerId: string, scopes?: Scope[]) => {
    const partner = gateway.container.config.partners.find((p) => p.id === partnerId);
    const { token: issued } = await gateway.container.issuer.issue({ partnerId, scopes: scopes ?? partner?.scopes ?? [] });
    return issued;
  };
  return {
    ...gateway,
    logs,
    audit,
    token,
    async graphql(query, opts = {}) {
      const bearer = opts.token ?? (await token(opts.partner ?? 'sandbox-internal', opts.scopes));
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query, variables: opts.variables, operationName: opts.operationName }),
      });
      return { status: response.status, body: (await response.json()) as never };
    },
  };
}
