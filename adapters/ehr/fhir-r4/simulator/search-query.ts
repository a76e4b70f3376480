import { getSearchParameter } from '@medplum/core';
import { z } from 'zod';

/**
 * Turns the query string of a search into what Medplum's search understands, the way a strict
 * server (HAPI's default) would: unknown parameters are a 400, `_count` is bounded, bare ids in
 * single-target reference parameters (`patient=123`) become `Patient/123`. Paging uses an
 * opaque `_page_token` carrying the normalized search and the offset, so clients must follow
 * `link[next]` as given rather than build page URLs themselves.
 */
export type SearchParams = [name: string, value: string][];

export interface NormalizedSearch {
  /** Search parameters without paging controls (`_count`, `_offset`, `_page_token`). */
  params: SearchParams;
  count: number;
  offset: number;
}

export interface PagingLimits {
  defaultPageSize: number;
  maxPageSize: number;
}

export class SearchQueryError extends Error {}

const resultParameters = new Set(['_include', '_sort', '_total', '_summary', '_format']);
const pagingParameters = new Set(['_count', '_offset', '_page_token']);

const pageToken = z.object({ p: z.array(z.tuple([z.string(), z.string()])), c: z.number().int().min(0), o: z.number().int().min(0) });

export const encodePageToken = (search: NormalizedSearch): string =>
  Buffer.from(JSON.stringify({ p: search.params, c: search.count, o: search.offset })).toString('base64url');

const decodePageToken = (token: string): NormalizedSearch => {
  try {
    const decoded = pageToken.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return { params: decoded.p, count: decoded.c, offset: decoded.o };
  } catch {
    throw new SearchQueryError('Invalid or expired page token');
  }
};

const parseNonNegativeInt = (name: string, value: string): number => {
  if (!/^\d+$/.test(value)) throw new SearchQueryError(`${name} must be a non-negative integer`);
  return Number(value);
};

const normalizeReferenceValue = (resourceType: string, name: string, value: string): string => {
  const definition = getSearchParameter(resourceType, name);
  const target = definition?.type === 'reference' && definition.target?.length === 1 ? definition.target[0] : undefined;
  if (!target) return value;
  return value
    .split(',')
    .map((item) => (item.includes('/') ? item : `${target}/${item}`))
    .join(',');
};

const checkInclude = (resourceType: string, value: string): void => {
  const [source, param] = value.split(':');
  if (source !== resourceType || !param || getSearchParameter(resourceType, param)?.type !== 'reference') {
    throw new SearchQueryError(`Unsupported _include: ${value}`);
  }
};

export function normalizeSearch(resourceType: string, query: URLSearchParams, limits: PagingLimits): NormalizedSearch {
  const token = query.get('_page_token');
  if (token !== null) return decodePageToken(token);

  const params: SearchParams = [];
  let count = limits.defaultPageSize;
  let offset = 0;
  for (const [rawName, value] of query) {
    if (rawName === '_count') count = Math.min(parseNonNegativeInt(rawName, value), limits.maxPageSize);
    else if (rawName === '_offset') offset = parseNonNegativeInt(rawName, value);
    else if (pagingParameters.has(rawName)) continue;
    else if (rawName === '_include') {
      checkInclude(resourceType, value);
      params.push([rawName, value]);
    } else if (resultParameters.has(rawName)) params.push([rawName, value]);
    else {
      const name = rawName.split(':')[0] ?? rawName; // modifiers: family:exact
      if (!getSearchParameter(resourceType, name)) throw new SearchQueryError(`Unknown search parameter "${name}" for ${resourceType}`);
      if (value === '') continue; // FHIR: empty parameter values are ignored
      params.push([rawName, normalizeReferenceValue(resourceType, name, value)]);
    }
  }
  return { params, count, offset };
}

/** The search as Medplum's `parseSearchRequest` takes it (repeated names become arrays). */
export function toMedplumQuery(search: NormalizedSearch): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of search.params) {
    const existing = query[name];
    query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  query._count = String(search.count);
  query._offset = String(search.offset);
  return query;
}
