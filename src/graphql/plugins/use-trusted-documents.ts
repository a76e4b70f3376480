import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { PartnerConfig } from '../../../config/schema';
import { partnerIn } from '../server-context';
import { FORBIDDEN_HTTP } from './refusal-http-status';

/** Lower-case hex SHA-256 of the UTF-8 text: the hash a trusted-documents manifest lists. */
export const documentHash = async (text: string): Promise<string> => {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
};

const refused = (message: string, details: Record<string, string>) =>
  new GraphQLError(message, { extensions: { code: 'FORBIDDEN', retryable: false, details: { reason: 'untrusted-document', ...details }, http: FORBIDDEN_HTTP } });

/**
 * Per-partner trusted documents (persisted operations as an allow-list): a partner whose
 * config lists `trustedDocuments.sha256` may run only those exact query texts. The check runs
 * on the raw params, before parsing, so an untrusted document costs one hash. Partners
 * without the field are unaffected.
 */
export function useTrustedDocuments(): Plugin {
  const allowLists = new WeakMap<PartnerConfig, ReadonlySet<string>>();
  const allowListOf = (config: PartnerConfig): ReadonlySet<string> | undefined => {
    if (!config.trustedDocuments) return undefined;
    let set = allowLists.get(config);
    if (!set) allowLists.set(config, (set = new Set(config.trustedDocuments.sha256)));
    return set;
  };

  return {
    // Not an async function: partners without an allow-list (the default) pay no promise hop.
    onParams({ context, params, setResult }) {
      const partner = partnerIn(context);
      const allowed = partner ? allowListOf(partner.config) : undefined;
      if (!allowed) return undefined;
      const query = params.query;
      if (typeof query !== 'string' || query === '') {
        setResult({ errors: [refused('This partner runs trusted documents only: send the full document text', {})] });
        return undefined;
      }
      return documentHash(query).then((sha256) => {
        if (!allowed.has(sha256)) setResult({ errors: [refused('This document is not in the partner\'s trusted documents', { sha256 })] });
      });
    },
  };
}
