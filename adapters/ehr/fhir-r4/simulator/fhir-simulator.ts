import { FhirRouter, MemoryRepository, type FhirRequest } from '@medplum/fhir-router';
import { getStatus } from '@medplum/core';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { buildCapabilityStatement } from './capability-statement';
import { ensureFhirDefinitionsIndexed, isSimulatedResourceType } from './fhir-definitions';
import { badRequestResponse, FHIR_JSON, fhirResponse, outcomeResponse, outcomeWithStatus } from './fhir-responses';
import { createRequestLog, type RequestLog, type SimulatorInteraction } from './request-log';
import { readSandboxResources } from './sandbox-data';
import { comingWeekAppointments } from './sandbox-week-appointments';
import { assembleSearchBundle } from './search-bundle';
import { normalizeSearch, SearchQueryError, toMedplumQuery } from './search-query';
import { createSimulatorFaults, type OneShotFault, type SimulatorFaults } from './simulator-faults';
import { createSmartTokenEndpoint, type SmartClientRegistration, type SmartTokenEndpoint } from './smart-token-endpoint';

/**
 * A FHIR R4 server for the sandbox and tests: Medplum's FhirRouter over a MemoryRepository does
 * the reads and the search matching; this thin HTTP layer adds what Medplum's in-memory search
 * leaves out (paging links, `_include`, strict parameter checks), the SMART token endpoint, a
 * request log and fault injection. Read-only: data comes in through `load`.
 */
export interface FhirSimulatorOptions {
  /** Path of the FHIR base (default `/fhir/R4`). */
  basePath?: string;
  /** Initial data; default the sandbox data set plus its coming week's appointments (data/SOURCES.md). Pass `[]` for an empty server. */
  resources?: readonly Resource[];
  defaultPageSize?: number;
  maxPageSize?: number;
  /** Enables `POST /auth/token` for this client; FHIR requests then need a token it issued. */
  smart?: SmartClientRegistration;
  /** Epoch ms, for token lifetimes, assertion checks and the sandbox data's coming week (default Date.now). */
  now?: () => number;
}

export interface FhirSimulator {
  handler: (request: Request) => Promise<Response>;
  repo: MemoryRepository;
  requestLog: RequestLog;
  faults: SimulatorFaults;
  smart: SmartTokenEndpoint | null;
  basePath: string;
  /** Resolves once the initial data is loaded (the handler waits for it too). */
  ready: Promise<void>;
  /** Adds or replaces resources (same type and id replaces). */
  load(resources: readonly Resource[]): Promise<void>;
}

export const TOKEN_PATH = '/auth/token';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const classify = (segments: string[]): { interaction: SimulatorInteraction; resourceType: string | null } => {
  if (segments.length === 1 && segments[0] === 'metadata') return { interaction: 'metadata', resourceType: null };
  if (segments.join('/') === '.well-known/smart-configuration') return { interaction: 'smart-configuration', resourceType: null };
  if (segments.length === 1) return { interaction: 'search', resourceType: segments[0] ?? null };
  if (segments.length === 2) return { interaction: 'read', resourceType: segments[0] ?? null };
  return { interaction: 'other', resourceType: null };
};

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed escapes stay as sent; they then match no resource
  }
};

const queryRecord = (params: URLSearchParams): Record<string, string[]> => {
  const record: Record<string, string[]> = {};
  for (const [name, value] of params) (record[name] ??= []).push(value);
  return record;
};

const oneShotResponse = (fault: OneShotFault): Response => {
  if (fault.kind === 'rate-limit') {
    return outcomeWithStatus(429, 'throttled', 'Too many requests', { 'retry-after': String(fault.retryAfterSeconds) });
  }
  if (fault.kind === 'http-error') {
    return outcomeWithStatus(fault.status, fault.status === 404 ? 'not-found' : 'exception', 'Simulated failure');
  }
  // 200 and JSON, but not FHIR: `entry` must be an array.
  return new Response(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: { unexpected: true } }), {
    headers: { 'content-type': FHIR_JSON },
  });
};

export function createFhirSimulator(options: FhirSimulatorOptions = {}): FhirSimulator {
  ensureFhirDefinitionsIndexed();
  const basePath = (options.basePath ?? '/fhir/R4').replace(/\/+$/, '');
  const limits = { defaultPageSize: options.defaultPageSize ?? 20, maxPageSize: options.maxPageSize ?? 100 };
  const now = options.now ?? Date.now;
  const repo = new MemoryRepository();
  const router = new FhirRouter();
  const requestLog = createRequestLog();
  const faults = createSimulatorFaults();
  const smart = options.smart ? createSmartTokenEndpoint(options.smart, now) : null;

  const load = async (resources: readonly Resource[]) => {
    for (const resource of resources) {
      if (!isSimulatedResourceType(resource.resourceType)) throw new Error(`Simulator does not serve ${resource.resourceType}`);
      await repo.createResource(resource);
    }
  };
  const sandbox = () => [...readSandboxResources(), ...comingWeekAppointments(readSandboxResources(), now())];
  const ready = load(options.resources ?? sandbox());

  const route = async (fhirRequest: FhirRequest) => router.handleRequest(fhirRequest, repo);
  const makeRequest = (url: string): FhirRequest => ({ method: 'GET', url, pathname: '', body: undefined, params: {}, query: {} });

  const authorized = (request: Request): boolean => {
    const required = faults.current.bearerToken;
    if (faults.current.refuseAllTokens) return false;
    if (!required && !smart) return true;
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
    const token = match?.[1];
    if (!token) return false;
    return token === required || (smart?.isValidAccessToken(token) ?? false);
  };

  const serveFhir = async (request: Request, url: URL, segments: string[], interaction: SimulatorInteraction): Promise<Response> => {
    const baseUrl = `${url.origin}${basePath}`;
    if (interaction === 'smart-configuration') {
      return Response.json({
        token_endpoint: smart ? `${url.origin}${TOKEN_PATH}` : null,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
        token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
        capabilities: ['client-confidential-asymmetric'],
      });
    }
    if (faults.current.latencyMs > 0) await sleep(faults.current.latencyMs);
    const fault = faults.takeOneShot();
    if (fault) return oneShotResponse(fault);
    if (request.method !== 'GET') return outcomeWithStatus(405, 'not-supported', 'This server is read-only');
    if (interaction === 'metadata') return fhirResponse(200, buildCapabilityStatement(smart ? `${url.origin}${TOKEN_PATH}` : null));
    if (!authorized(request)) {
      return outcomeWithStatus(401, 'login', 'Bearer token missing, invalid or expired', { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    const [resourceType = '', id] = segments;
    if (interaction === 'other' || !isSimulatedResourceType(resourceType)) {
      return outcomeWithStatus(404, 'not-supported', 'Unknown resource type or operation');
    }
    if (interaction === 'read') {
      const [outcome, resource] = await route(makeRequest(`${resourceType}/${encodeURIComponent(id ?? '')}`));
      return resource ? fhirResponse(200, resource) : outcomeResponse(outcome);
    }
    let search;
    try {
      search = normalizeSearch(resourceType, url.searchParams, limits);
    } catch (error) {
      if (error instanceof SearchQueryError) return badRequestResponse(error.message);
      throw error;
    }
    const fhirRequest = makeRequest(resourceType);
    fhirRequest.query = toMedplumQuery(search);
    const [outcome, result] = await route(fhirRequest);
    if (!result || getStatus(outcome) >= 400) return outcomeResponse(outcome);
    const bundle = await assembleSearchBundle(result as Bundle, {
      baseUrl,
      resourceType,
      search,
      requestQuery: url.search.slice(1),
      repo,
      includeAllReferences: faults.current.includeEntries,
      informationalOutcome: faults.current.informationalOutcome,
    });
    return fhirResponse(200, bundle);
  };

  const handler = async (request: Request): Promise<Response> => {
    await ready;
    const url = new URL(request.url);
    const base = {
      method: request.method,
      path: url.pathname,
      query: queryRecord(url.searchParams),
      authorization: request.headers.get('authorization'),
      traceparent: request.headers.get('traceparent'),
      tracestate: request.headers.get('tracestate'),
    };
    if (url.pathname === TOKEN_PATH) {
      const logged = requestLog.record({ ...base, interaction: 'token', resourceType: null });
      const response = smart ? await smart.handle(request) : outcomeWithStatus(404, 'not-found', 'SMART is not enabled');
      logged.status = response.status;
      return response;
    }
    const inBase = url.pathname === basePath || url.pathname.startsWith(`${basePath}/`);
    const segments = inBase ? url.pathname.slice(basePath.length).split('/').filter(Boolean).map(safeDecode) : [];
    const { interaction, resourceType } = inBase ? classify(segments) : { interaction: 'other' as const, resourceType: null };
    const logged = requestLog.record({ ...base, interaction, resourceType });
    const response = inBase ? await serveFhir(request, url, segments, interaction) : outcomeWithStatus(404, 'not-found', 'Not a FHIR path');
    logged.status = response.status;
    return response;
  };

  return { handler, repo, requestLog, faults, smart, basePath, ready, load };
}
