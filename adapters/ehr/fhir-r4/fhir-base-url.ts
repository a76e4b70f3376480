import { base64url } from 'jose';
import { GatewayError } from '../../../src/domain/errors';

/**
 * Where the adapter may send requests: only under the configured FHIR base. Next links come
 * from the upstream and cursors from partners; both are checked here so neither can make the
 * gateway (and its upstream credentials) call another host or path.
 */
export interface FhirBase {
  /** Configured base without trailing slash. */
  url: string;
  /** Path part of the base without trailing slash ('' at the root). */
  path: string;
  /** Parses `candidate` and returns it when it lies under the base (same origin, path prefix), else null. */
  contain(candidate: string): URL | null;
}

export function createFhirBase(baseUrl: string): FhirBase {
  const base = new URL(baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error('FHIR base URL must be http(s)');
  const basePath = base.pathname.replace(/\/+$/, '');
  const url = `${base.origin}${basePath}`;
  return {
    url,
    path: basePath,
    contain: (candidate) => {
      let parsed: URL;
      try {
        parsed = new URL(candidate, `${url}/`);
      } catch {
        return null;
      }
      const underBase = parsed.pathname === basePath || parsed.pathname.startsWith(`${basePath}/`);
      if (parsed.origin !== base.origin || !underBase || parsed.username || parsed.password || parsed.hash) return null;
      // `..` segments are already resolved by URL parsing, so the prefix check is on the real path.
      return parsed;
    },
  };
}

/** A partner-held continuation: the upstream next link, opaque (base64url) to callers. */
export const encodeCursor = (nextLink: string): string => base64url.encode(nextLink);

export function decodeCursor(cursor: string, base: FhirBase, resourceType: string): URL {
  const invalid = () => new GatewayError('BAD_INPUT', 'Invalid cursor', { details: { field: 'after' } });
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(cursor)) throw invalid();
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(cursor));
  } catch {
    throw invalid();
  }
  const url = base.contain(decoded);
  if (!url) throw invalid();
  // Paging stays on the type searched (or the base, where servers like HAPI page via `?_getpages=`).
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== base.path && path !== `${base.path}/${resourceType}`) throw invalid();
  return url;
}
