import { Kind, type DocumentNode, type SelectionSetNode } from 'graphql';

export interface DocumentShapeLimits {
  maxFields: number;
  maxDuplicateSelections: number;
}

export type DocumentShapeVerdict = { ok: true } | { ok: false; limit: 'fields' | 'duplicateSelections'; max: number };

/** Response key of a selection within its (flattened) selection set; inline fragments are scoped by type condition. */
const fieldKey = (scope: string, responseKey: string) => `${scope}\u0000${responseKey}`;

/**
 * Measures a parsed document in one pass over its nodes (each node visited once, fragments
 * counted where they are defined, never expanded) and stops at the first limit exceeded:
 * - fields: field selections plus fragment spreads;
 * - duplicateSelections: selections repeating a sibling's response key or fragment spread in one
 *   selection set. Inline fragments join their parent's set (graphql-js merges them there), keyed
 *   by type condition so `... on A { id } ... on B { id }` is not a duplicate.
 * Linear in the document, so a document is refused before graphql-js's validation, whose
 * overlapping-fields check is quadratic in exactly these repeats.
 */
export function measureDocument(document: DocumentNode, limits: DocumentShapeLimits): DocumentShapeVerdict {
  let fields = 0;
  let duplicates = 0;
  // Explicit stack instead of recursion: depth is bounded by the token limit only.
  const pending: { set: SelectionSetNode; scope: string; seen: Set<string> }[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) {
      pending.push({ set: definition.selectionSet, scope: '', seen: new Set() });
    }
  }
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { set, scope, seen } = next;
    for (const selection of set.selections) {
      let key: string;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        // Same set of response keys as the parent, in the scope of its type condition.
        pending.push({ set: selection.selectionSet, scope: selection.typeCondition?.name.value ?? scope, seen });
        continue;
      }
      if (selection.kind === Kind.FIELD) {
        key = fieldKey(scope, selection.alias?.value ?? selection.name.value);
        if (selection.selectionSet) pending.push({ set: selection.selectionSet, scope: '', seen: new Set() });
      } else {
        key = fieldKey(scope, `...${selection.name.value}`);
      }
      fields++;
      if (fields > limits.maxFields) return { ok: false, limit: 'fields', max: limits.maxFields };
      if (seen.has(key)) {
        duplicates++;
        if (duplicates > limits.maxDuplicateSelections) return { ok: false, limit: 'duplicateSelections', max: limits.maxDuplicateSelections };
      } else {
        seen.add(key);
      }
    }
  }
  return { ok: true };
}
