import { GraphQLError, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { measureDocument, type DocumentShapeLimits, type DocumentShapeVerdict } from '../document-shape';

const LIMIT_MESSAGES = {
  fields: 'Too many field selections in the document',
  duplicateSelections: 'Too many repeated selections in the document',
} as const;

/**
 * Caps field selections and repeated selections of a document right after it is parsed, before
 * graphql-js validates it: validation of a few hundred repeated selections costs 100+ ms of CPU,
 * and a fresh comment makes every such document miss yoga's caches. The refusal replaces the
 * parse result, so it is thrown like a syntax error (BAD_INPUT, details.limit) and yoga's parse
 * cache keeps it for that exact text. Sits before yoga's own cache plugin, so cache hits pass
 * here too; their verdict is remembered per parsed document.
 */
export function useDocumentLimits(limits: DocumentShapeLimits): Plugin {
  const verdicts = new WeakMap<DocumentNode, DocumentShapeVerdict>();
  return {
    onParse() {
      // envelop types parse results as `any` (it does not depend on graphql); this is what it passes.
      return ({ result, replaceParseResult }: { result: DocumentNode | Error | null; replaceParseResult: (replacement: DocumentNode | Error) => void }) => {
        if (result === null || result instanceof Error) return;
        let verdict = verdicts.get(result);
        if (!verdict) {
          verdict = measureDocument(result, limits);
          verdicts.set(result, verdict);
        }
        if (verdict.ok) return;
        replaceParseResult(
          new GraphQLError(`${LIMIT_MESSAGES[verdict.limit]} (at most ${verdict.max})`, {
            extensions: { code: 'BAD_INPUT', retryable: false, details: { limit: verdict.limit, max: verdict.max } },
          }),
        );
      };
    },
  };
}
