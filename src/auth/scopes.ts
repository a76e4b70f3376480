import { scopeNames, type Scope } from '../../config/schema';

export { scopeNames, type Scope };

const known: ReadonlySet<string> = new Set(scopeNames);

/** Space-separated scope string -> known scopes (unknown words are dropped, order kept, no duplicates). */
export const parseScopes = (value: unknown): Scope[] =>
  typeof value === 'string' ? [...new Set(value.split(' ').filter((word): word is Scope => known.has(word)))] : [];
