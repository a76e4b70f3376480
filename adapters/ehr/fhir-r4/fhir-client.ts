import type { z } from 'zod';
import { GatewayError } from '../../../src/domain/errors';
import { parseUpstream, readUpstreamJson, upstreamError, upstreamRequest } from '../../shared/upstream-request';
import type { FetchFn } from '../../../src/ports/fetch';
import type { UpstreamAuth } from './auth/upstream-auth';
import type { FhirBase } from './fhir-base-url';
import { fhirBundle, fhirOperationOutcome, type FhirBundle } from './fhir-wire-schemas';

/**
 * FHIR REST over the shared request helper: auth headers (one retry after a 401 when the
 * strategy can refresh), FHIR status semantics, and searchset reading — keep the `match`
 * entries, drop `_include`d ones and OperationOutcome notes, follow `link[next]` as given.
 */
export type FhirInteraction = 'read' | 'search' | 'metadata' | 'token';

/** One upstream attempt, for metrics and logs. No URL: query strings can hold PHI. */
export interface FhirRequestEvent {
  sourceId: string;
  resourceType: string | null;
  interaction: FhirInteraction;
  status: number | null;
  durationMs: number;
  error: string | null;
}

export interface FhirClientDeps {
  sourceId: string;
  base: FhirBase;
  fetch: FetchFn;
  auth: UpstreamAuth;
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  onRequest?: (event: FhirRequestEvent) => void;
}

export interface SearchOptions {
  /** What a 400 means: the partner's search input (BAD_INPUT) or our own request (UPSTREAM_REJECTED). */
  badRequestIs: 'BAD_INPUT' | 'UPSTREAM_REJECTED';
  /** A 404 on a `_id` search means "none of these exist" on some servers. */
  notFoundIsEmpty?: boolean;
}

export interface SearchPage<T> {
  resources: T[];
  next: string | null;
  total: number | null;
}

const FHIR_ACCEPT = 'application/fhir+json';
/** Statuses we interpret ourselves; everything else goes through the shared mapping. */
const interpretedStatuses = [400, 401, 404, 410, 422] as const;

export interface FhirClient {
  searchPage<S extends z.ZodType>(url: string | URL, resourceType: string, schema: S, options: SearchOptions): Promise<SearchPage<z.infer<S>>>;
  searchAll<S extends z.ZodType>(url: string | URL, resourceType: string, schema: S, options: SearchOptions & { maxPages: number }): Promise<z.infer<S>[]>;
  /** GET /metadata; true when the server answers with a CapabilityStatement. */
  metadata(schema: z.ZodType): Promise<boolean>;
}

export function createFhirClient(deps: FhirClientDeps): FhirClient {
  const { sourceId } = deps;

  const send = (url: string | URL, resourceType: string | null, interaction: FhirInteraction, headers: Record<string, string>, retries: boolean) =>
    upstreamRequest(
      {
        fetch: deps.fetch,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        onAttempt: (event) => deps.onRequest?.({ ...event, resourceType, interaction }),
      },
      {
        sourceId,
        url,
        headers: { accept: FHIR_ACCEPT, ...headers },
        timeoutMs: deps.timeoutMs,
        idempotent: retries,
        passStatuses: interpretedStatuses,
      },
    );

  const issueCodes = async (response: Response): Promise<string[]> => {
    // Codes come from FHIR's fixed issue-type list, so they are safe to pass on; diagnostics are not.
    const parsed = fhirOperationOutcome.safeParse(await response.json().catch(() => null));
    return parsed.success ? parsed.data.issue.map((issue) => issue.code).slice(0, 5) : [];
  };

  /** GET with auth; on 401 one retry with fresh credentials when the strategy can get them. */
  const authorizedGet = async (url: string | URL, resourceType: string, interaction: FhirInteraction): Promise<Response> => {
    let headers = await deps.auth.headers();
    let response = await send(url, resourceType, interaction, headers, true);
    if (response.status === 401 && deps.auth.unauthorized(headers)) {
      await response.body?.cancel();
      headers = await deps.auth.headers();
      response = await send(url, resourceType, interaction, headers, true);
    }
    return response;
  };

  const readBundle = async (url: string | URL, resourceType: string, options: SearchOptions): Promise<FhirBundle | null> => {
    const response = await authorizedGet(url, resourceType, 'search');
    if (response.ok) return readUpstreamJson(response, fhirBundle, sourceId);
    if (response.status === 404 && options.notFoundIsEmpty) {
      await response.body?.cancel();
      return null;
    }
    if (response.status === 400 || response.status === 422) {
      const details = { sourceId, upstreamStatus: response.status, issueCodes: await issueCodes(response) };
      throw options.badRequestIs === 'BAD_INPUT'
        ? new GatewayError('BAD_INPUT', 'The upstream EHR refused these search parameters', { details })
        : new GatewayError('UPSTREAM_REJECTED', 'Upstream rejected the request', { retryable: false, details });
    }
    if (response.status === 404 || response.status === 410) {
      // A search endpoint that is not there is a source problem (type unsupported, wrong base), not a missing record.
      const details = { sourceId, upstreamStatus: response.status, issueCodes: await issueCodes(response) };
      throw new GatewayError('UPSTREAM_REJECTED', 'Upstream does not offer this search', { retryable: false, details });
    }
    await response.body?.cancel();
    throw upstreamError(response.status, sourceId, null);
  };

  const searchPage = async <S extends z.ZodType>(
    url: string | URL,
    resourceType: string,
    schema: S,
    options: SearchOptions,
  ): Promise<SearchPage<z.infer<S>>> => {
    const bundle = await readBundle(url, resourceType, options);
    if (!bundle) return { resources: [], next: null, total: 0 };
    if (bundle.type !== 'searchset') {
      throw new GatewayError('UPSTREAM_INVALID', 'Upstream answered a search with a non-searchset Bundle', { details: { sourceId } });
    }
    const resources: z.infer<S>[] = [];
    for (const entry of bundle.entry ?? []) {
      const mode = entry.search?.mode ?? 'match';
      // `include` entries answer _include (asked for or not); `outcome`/OperationOutcome are notes.
      if (mode !== 'match' || !entry.resource || entry.resource.resourceType !== resourceType) continue;
      resources.push(parseUpstream(schema, entry.resource, sourceId));
    }
    const nextLink = bundle.link?.find((link) => link.relation === 'next')?.url ?? null;
    let next: string | null = null;
    if (nextLink) {
      const contained = deps.base.contain(nextLink);
      if (!contained) {
        throw new GatewayError('UPSTREAM_INVALID', 'Upstream next link points outside its FHIR base', { details: { sourceId } });
      }
      // Follow the link as given (servers put opaque state in it); only a relative one is resolved.
      next = /^https?:\/\//i.test(nextLink) ? nextLink : contained.toString();
    }
    return { resources, next, total: bundle.total ?? null };
  };

  return {
    searchPage,
    searchAll: async <S extends z.ZodType>(url: string | URL, resourceType: string, schema: S, options: SearchOptions & { maxPages: number }) => {
      const all: z.infer<S>[] = [];
      const seen = new Set<string>();
      let current: string | null = url.toString();
      for (let page = 0; current && page < options.maxPages; page++) {
        seen.add(current);
        const result: SearchPage<z.infer<S>> = await searchPage(current, resourceType, schema, options);
        all.push(...result.resources);
        // A server that links back to a page already read would loop forever.
        current = result.next && !seen.has(result.next) ? result.next : null;
      }
      return all;
    },
    metadata: async (schema) => {
      // The CapabilityStatement is public in FHIR/SMART, so no credentials (and no token fetch) for a probe.
      const response = await send(new URL(`${deps.base.url}/metadata`), null, 'metadata', {}, false);
      if (!response.ok) {
        await response.body?.cancel();
        return false;
      }
      return schema.safeParse(await response.json().catch(() => null)).success;
    },
  };
}
