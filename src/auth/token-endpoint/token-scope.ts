import { looksLikeSmartScope, parseSmartScope, resourcesOf, SMART_RESOURCE_SCOPES, type SmartPermission, type SmartScope } from '../smart-scopes';
import { scopeNames, type Scope } from '../scopes';
import { OAuthError } from './oauth-error';

const known: ReadonlySet<string> = new Set(scopeNames);
const MAX_SCOPE_LENGTH = 1024;
const SUPPORTED_FORMS = `system/<Resource>.<cruds|read|write> for ${Object.keys(SMART_RESOURCE_SCOPES).join(', ')} or *, or ${scopeNames.join(' ')}`;

export interface ScopeGrant {
  /** Gateway scopes the token carries. */
  scopes: Scope[];
  /** The token response's `scope`: what was granted, written the way it was asked. */
  scope: string;
}

/** One asked word's grant: the gateway scopes it yields and the words that say so back. */
interface WordGrant {
  scopes: Scope[];
  said: string[];
}

/** What the partner may have of a parsed SMART scope, per resource, said in the asked form. */
function grantSmart(asked: SmartScope, held: readonly Scope[]): WordGrant {
  const result: WordGrant = { scopes: [], said: [] };
  for (const resource of resourcesOf(asked)) {
    const table = SMART_RESOURCE_SCOPES[resource] ?? {};
    const letters = asked.permissions.filter((letter) => {
      const scope = table[letter];
      return scope !== undefined && held.includes(scope);
    });
    if (letters.length === 0) continue;
    result.scopes.push(...letters.map((letter) => table[letter] as Scope));
    result.said.push(`system/${resource}.${asked.form === 'v1' ? v1Words(letters) : letters.join('')}`);
  }
  return result;
}

/** Granted letters as a v1 permission word (the table grants read and search together, and never write). */
const v1Words = (letters: readonly SmartPermission[]): string => {
  const has = (...wanted: SmartPermission[]) => wanted.every((letter) => letters.includes(letter));
  if (has('c', 'r', 'u', 'd', 's')) return '*';
  return has('r', 's') ? 'read' : 'write';
};

/**
 * The scopes a token gets: what was asked AND what the partner holds. Asked words may be the
 * gateway's own (`patient.read`, also with the `system/` prefix), SMART v2 (`system/Patient.rs`)
 * or v1 (`system/Patient.read`, `system/*.read`) resource scopes, mapped by SMART_RESOURCE_SCOPES.
 * Other plain words are ignored (RFC 6749 3.3). Nothing asked = everything granted. A SMART
 * scope in a form we do not serve, only unknown words, or nothing the partner holds = invalid_scope.
 */
export function grantScopes(asked: string | null, held: readonly Scope[]): ScopeGrant {
  if (asked === null || asked.trim() === '') return { scopes: [...held], scope: held.join(' ') };
  if (asked.length > MAX_SCOPE_LENGTH) throw new OAuthError('invalid_request', 'scope too long');
  const scopes = new Set<Scope>();
  const said = new Set<string>();
  let recognised = false;
  for (const word of asked.trim().split(/\s+/)) {
    const native = word.startsWith('system/') ? word.slice('system/'.length) : word;
    if (known.has(native)) {
      recognised = true;
      if (held.includes(native as Scope)) {
        scopes.add(native as Scope);
        said.add(word);
      }
      continue;
    }
    if (!looksLikeSmartScope(word)) continue;
    const parsed = parseSmartScope(word);
    if (!parsed) throw new OAuthError('invalid_scope', `unsupported scope form; supported: ${SUPPORTED_FORMS}`);
    recognised = true;
    const grant = grantSmart(parsed, held);
    grant.scopes.forEach((scope) => scopes.add(scope));
    grant.said.forEach((word) => said.add(word));
  }
  if (!recognised) throw new OAuthError('invalid_scope', `no known scope asked; supported: ${SUPPORTED_FORMS}`);
  if (scopes.size === 0) throw new OAuthError('invalid_scope', 'none of the asked scopes is granted to this client');
  return { scopes: [...scopes], scope: [...said].join(' ') };
}
