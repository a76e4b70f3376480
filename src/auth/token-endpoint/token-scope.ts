import { scopeNames, type Scope } from '../scopes';
import { OAuthError } from './oauth-error';

const known: ReadonlySet<string> = new Set(scopeNames);
const MAX_SCOPE_LENGTH = 1024;

/**
 * The scopes a token gets: what was asked AND what the partner holds. SMART backend clients
 * may write a scope with the `system/` context prefix (`system/patient.read`); words we do not
 * know are ignored. Nothing asked = everything granted. Asked only unknown scopes, or only
 * scopes the partner does not hold = invalid_scope (a token with no scope is useless).
 */
export function grantScopes(asked: string | null, granted: readonly Scope[]): Scope[] {
  if (asked === null || asked.trim() === '') return [...granted];
  if (asked.length > MAX_SCOPE_LENGTH) throw new OAuthError('invalid_request', 'scope too long');
  const wanted = asked
    .split(/\s+/)
    .map((word) => (word.startsWith('system/') ? word.slice('system/'.length) : word))
    .filter((word): word is Scope => known.has(word));
  if (wanted.length === 0) throw new OAuthError('invalid_scope', `no known scope asked; known: ${scopeNames.join(' ')}`);
  const result = [...new Set(wanted)].filter((scope) => granted.includes(scope));
  if (result.length === 0) throw new OAuthError('invalid_scope', 'none of the asked scopes is granted to this client');
  return result;
}
