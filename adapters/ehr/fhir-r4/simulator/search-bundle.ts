import { evalFhirPath, getSearchParameter } from '@medplum/core';
import type { FhirRepository } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, BundleLink, Reference, Resource } from '@medplum/fhirtypes';
import { encodePageToken, type NormalizedSearch } from './search-query';

/**
 * Completes the searchset Medplum's MemoryRepository returns (matches and total only) into what
 * a real server sends: `fullUrl`s, `search.mode`, `_include`d resources, and `link[self|next]`
 * as absolute URLs. Optional extras model vendor habits the adapter must tolerate.
 */
export interface SearchBundleContext {
  /** Absolute FHIR base, e.g. `http://127.0.0.1:5555/fhir/R4`. */
  baseUrl: string;
  resourceType: string;
  search: NormalizedSearch;
  /** The query string the client sent (for `link[self]`). */
  requestQuery: string;
  repo: FhirRepository;
  /** Include every resource the matches reference, asked for or not. */
  includeAllReferences: boolean;
  /** Add an informational OperationOutcome entry. */
  informationalOutcome: boolean;
}

const referenceKey = (reference: string): string | null => (/^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(reference) ? reference : null);

/** References named by `_include=Type:param[:target]` in one matched resource. */
const includedReferences = (resource: Resource, include: string): string[] => {
  const [, param, target] = include.split(':');
  const expression = param ? getSearchParameter(resource.resourceType, param)?.expression : undefined;
  if (!expression) return [];
  return (evalFhirPath(expression, resource) as Reference[])
    .map((ref) => ref.reference ?? '')
    .filter((ref) => !target || ref.startsWith(`${target}/`));
};

/** Every literal `reference` anywhere in a resource (for the include-everything vendor habit). */
const allReferences = (value: unknown, found: string[] = []): string[] => {
  if (Array.isArray(value)) for (const item of value) allReferences(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'reference' && typeof item === 'string') found.push(item);
      else allReferences(item, found);
    }
  }
  return found;
};

async function includeEntries(matches: Resource[], context: SearchBundleContext): Promise<BundleEntry[]> {
  const includes = context.search.params.filter(([name]) => name === '_include').map(([, value]) => value);
  const wanted = new Set<string>();
  for (const resource of matches) {
    const refs = context.includeAllReferences ? allReferences(resource) : includes.flatMap((inc) => includedReferences(resource, inc));
    for (const ref of refs) {
      const key = referenceKey(ref);
      if (key) wanted.add(key);
    }
  }
  for (const resource of matches) wanted.delete(`${resource.resourceType}/${resource.id}`);
  // One by one: MemoryRepository.readReferences rejects as a whole when one target is missing.
  const resolved = await Promise.all(
    [...wanted].map((reference) => context.repo.readReference({ reference }).catch((): Resource | null => null)),
  );
  return resolved
    .filter((item): item is Resource => item !== null)
    .map((resource): BundleEntry => ({ fullUrl: `${context.baseUrl}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'include' } }));
}

export async function assembleSearchBundle(result: Bundle, context: SearchBundleContext): Promise<Bundle> {
  const matches = (result.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
  const entries: BundleEntry[] = matches.map((resource) => ({
    fullUrl: `${context.baseUrl}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode: 'match' },
  }));
  entries.push(...(await includeEntries(matches, context)));
  if (context.informationalOutcome) {
    entries.push({
      fullUrl: `urn:uuid:${crypto.randomUUID()}`,
      resource: {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'information', code: 'informational', diagnostics: 'Results may be incomplete for this client' }],
      },
      search: { mode: 'outcome' },
    });
  }

  const typeUrl = `${context.baseUrl}/${context.resourceType}`;
  const link: BundleLink[] = [{ relation: 'self', url: context.requestQuery ? `${typeUrl}?${context.requestQuery}` : typeUrl }];
  const total = result.total ?? matches.length;
  const { count, offset } = context.search;
  if (count > 0 && offset + count < total) {
    const token = encodePageToken({ ...context.search, offset: offset + count });
    link.push({ relation: 'next', url: `${typeUrl}?_page_token=${token}` });
  }
  return { resourceType: 'Bundle', id: crypto.randomUUID(), type: 'searchset', total, link, ...(entries.length ? { entry: entries } : {}) };
}
