import type { Clock } from '../../../src/ports/clock';
import { systemClock } from '../../../src/ports/clock';
import { serveOnLoopback } from '../../shared/loopback-server';
import { lookupSandboxMember, sandboxMembers, type SandboxMember } from '../sandbox-members';
import { simulatorResponse } from './simulator-response';
import { eligibilityPath, healthcheckPath, tokenPath, wireEligibilityRequest } from './wire';

/**
 * A clearinghouse JSON eligibility API (Medical Network Eligibility v3 shape) answering from
 * the sandbox member table: OAuth client-credentials tokens, bearer checks, and fault knobs
 * for tests (down, slow, garbage, answering for another inquiry), globally or per member.
 */

export interface EligibilityJsonFaults {
  /** Answer HTTP 503, as a clearinghouse in maintenance does. */
  unavailable?: boolean;
  /** Hold the answer this long (timeouts). */
  delayMs?: number;
  /** Answer 200 with a body that is not the API's JSON. */
  garbage?: boolean;
  /** Echo another control number: an answer for some other inquiry. */
  wrongControlNumber?: boolean;
}

export interface EligibilityJsonSimulatorOptions {
  members?: readonly SandboxMember[];
  clients?: readonly { clientId: string; clientSecret: string }[];
  tokenTtlSeconds?: number;
  clock?: Clock;
  faults?: EligibilityJsonFaults;
  /** Faults for one member id only (e.g. slow for one patient). */
  memberFaults?: Record<string, EligibilityJsonFaults>;
}

export interface SimulatorCall {
  method: string;
  path: string;
  status: number;
  /** Control number of an eligibility call, to check echoes; no PHI is logged. */
  controlNumber?: string;
}

export const sandboxJsonClient = { clientId: 'caregate-sandbox', clientSecret: 'sandbox-secret' } as const;

export interface EligibilityJsonSimulator {
  handler: (request: Request) => Promise<Response>;
  calls: SimulatorCall[];
  /** Mutable: tests flip knobs between calls. */
  faults: EligibilityJsonFaults;
  memberFaults: Record<string, EligibilityJsonFaults>;
  /** Forget every issued token, as a credential rotation does. */
  revokeTokens(): void;
  eligibilityCalls(): number;
  tokenCalls(): number;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createEligibilityJsonSimulator(options: EligibilityJsonSimulatorOptions = {}): EligibilityJsonSimulator {
  const clock = options.clock ?? systemClock;
  const clients = options.clients ?? [sandboxJsonClient];
  const ttlSeconds = options.tokenTtlSeconds ?? 3600;
  const members = options.members ?? sandboxMembers;
  const tokens = new Map<string, number>();
  const calls: SimulatorCall[] = [];

  const authorized = (request: Request): boolean => {
    const token = /^Bearer (.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    const expiresAt = token === undefined ? undefined : tokens.get(token);
    return expiresAt !== undefined && clock.now() < expiresAt;
  };

  async function issueToken(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const client = clients.find((candidate) => candidate.clientId === form.get('client_id') && candidate.clientSecret === form.get('client_secret'));
    if (form.get('grant_type') !== 'client_credentials') return json({ error: 'unsupported_grant_type' }, 400);
    if (!client) return json({ error: 'invalid_client' }, 401);
    const token = crypto.randomUUID().replaceAll('-', '');
    tokens.set(token, clock.now() + ttlSeconds * 1000);
    return json({ access_token: token, token_type: 'bearer', expires_in: ttlSeconds });
  }

  async function eligibility(request: Request, call: SimulatorCall): Promise<Response> {
    if (!authorized(request)) return json({ errors: [{ description: 'Unauthorized' }] }, 401);
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return json({ errors: [{ field: '(body)', description: 'Malformed JSON' }] }, 400);
    }
    const parsed = wireEligibilityRequest.safeParse(body);
    if (!parsed.success) {
      return json({ errors: parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), description: 'Invalid or missing field' })) }, 400);
    }
    const inquiry = parsed.data;
    call.controlNumber = inquiry.controlNumber;
    const memberId = inquiry.subscriber.memberId?.toUpperCase() ?? '';
    const faults = { ...simulator.faults, ...simulator.memberFaults[memberId] };
    if (faults.delayMs) await sleep(faults.delayMs);
    if (faults.unavailable) return json({ errors: [{ description: 'Service temporarily unavailable' }] }, 503);
    if (faults.garbage) return new Response('<html><body>upstream proxy error</body></html>', { status: 200, headers: { 'content-type': 'application/json' } });
    const dependent = inquiry.dependents?.[0];
    const lookup = lookupSandboxMember(
      {
        payerId: inquiry.tradingPartnerServiceId,
        memberId,
        dependent: dependent && { firstName: dependent.firstName, birthDate: dependent.dateOfBirth && `${dependent.dateOfBirth.slice(0, 4)}-${dependent.dateOfBirth.slice(4, 6)}-${dependent.dateOfBirth.slice(6, 8)}` },
      },
      members,
    );
    const answer = simulatorResponse(inquiry, lookup);
    if (faults.wrongControlNumber) {
      const other = String((Number(inquiry.controlNumber) % 999_999_999) + 1).padStart(9, '0');
      Object.assign(answer, { controlNumber: other, reassociationKey: other });
    }
    return json(answer);
  }

  async function route(request: Request, call: SimulatorCall): Promise<Response> {
    const path = call.path.replace(/\/+$/, '');
    if (request.method === 'POST' && path === tokenPath) return issueToken(request);
    if (request.method === 'GET' && path === healthcheckPath) return authorized(request) ? json({ status: 'UP' }) : json({ errors: [] }, 401);
    if (request.method === 'POST' && path === eligibilityPath) return eligibility(request, call);
    return json({ errors: [{ description: 'Not found' }] }, 404);
  }

  const simulator: EligibilityJsonSimulator = {
    calls,
    faults: { ...options.faults },
    memberFaults: { ...options.memberFaults },
    async handler(request) {
      const call: SimulatorCall = { method: request.method, path: new URL(request.url).pathname, status: 0 };
      calls.push(call);
      const response = await route(request, call);
      call.status = response.status;
      return response;
    },
    revokeTokens: () => tokens.clear(),
    eligibilityCalls: () => calls.filter((call) => call.path.replace(/\/+$/, '') === eligibilityPath).length,
    tokenCalls: () => calls.filter((call) => call.path === tokenPath).length,
  };
  return simulator;
}

/** Serves the simulator on 127.0.0.1 (sandbox and tests). */
export async function startEligibilityJsonSimulator(options: EligibilityJsonSimulatorOptions & { port?: number } = {}) {
  const simulator = createEligibilityJsonSimulator(options);
  const server = await serveOnLoopback(simulator.handler, options.port ?? 0);
  // Same object, so knobs set on the result reach the handler.
  return Object.assign(simulator, { url: server.url, port: server.port, close: server.close });
}
