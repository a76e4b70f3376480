import { GraphQLError, Kind, type DocumentNode, type ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface StringInputLimits {
  /** Every string a request carries (literal or variable) is at most this many characters... */
  maxChars: number;
  /** ...unless the argument or input field of this name allows more. */
  longer: Readonly<Record<string, number>>;
}

/**
 * 1024 is far above any real value (member ids are at most 80, notes 200, idempotency keys 200):
 * the fields that reach an upstream have their own, tighter rules. `after` cursors seal the
 * upstream's own continuation (src/crypto/cursor-seal.ts): the longest the FHIR adapter accepts
 * (4096 characters) with a 63-character source id seals to about 5600, hence 6144.
 */
export const DEFAULT_STRING_INPUT_LIMITS: StringInputLimits = { maxChars: 1024, longer: { after: 6144 } };

interface TooLong {
  field: string;
  max: number;
}

/** The first string longer than allowed under `value` (a JSON value from `variables`), with its path. */
function longJsonString(value: unknown, path: string, max: number, longer: StringInputLimits['longer']): TooLong | null {
  if (typeof value === 'string') return value.length > max ? { field: path, max } : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = longJsonString(item, `${path}.${index}`, max, longer);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = longJsonString(item, `${path}.${key}`, longer[key] ?? max, longer);
      if (found) return found;
    }
  }
  return null;
}

/**
 * One pass over the document's argument values: literal strings are checked where they stand,
 * and each variable gets the smallest allowance of the places it is used in (its value is checked
 * afterwards, against the request's `variables`).
 */
function checkDocument(document: DocumentNode, limits: StringInputLimits, variables: Record<string, unknown>): TooLong | null {
  const allowance = new Map<string, number>();
  const allowed = (name: string, inherited: number) => limits.longer[name] ?? inherited;
  const walk = (value: ValueNode, path: string, max: number): TooLong | null => {
    switch (value.kind) {
      case Kind.STRING:
        return value.value.length > max ? { field: path, max } : null;
      case Kind.VARIABLE:
        allowance.set(value.name.value, Math.min(allowance.get(value.name.value) ?? Infinity, max));
        return null;
      case Kind.LIST:
        for (const [index, item] of value.values.entries()) {
          const found = walk(item, `${path}.${index}`, max);
          if (found) return found;
        }
        return null;
      case Kind.OBJECT:
        for (const field of value.fields) {
          const found = walk(field.value, `${path}.${field.name.value}`, allowed(field.name.value, max));
          if (found) return found;
        }
        return null;
      default:
        return null;
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    const stack = [...definition.selectionSet.selections];
    while (stack.length > 0) {
      const selection = stack.pop();
      if (!selection) break;
      if (selection.kind === Kind.FIELD) {
        for (const argument of selection.arguments ?? []) {
          const found = walk(argument.value, `${selection.name.value}.${argument.name.value}`, allowed(argument.name.value, limits.maxChars));
          if (found) return found;
        }
      }
      if ('selectionSet' in selection && selection.selectionSet) stack.push(...selection.selectionSet.selections);
    }
  }
  for (const [name, value] of Object.entries(variables)) {
    const found = longJsonString(value, `$${name}`, allowance.get(name) ?? limits.maxChars, limits.longer);
    if (found) return found;
  }
  return null;
}

const tooLong = ({ field, max }: TooLong) =>
  new GraphQLError(`A string input is longer than ${max} characters`, {
    extensions: { code: 'BAD_INPUT', retryable: false, details: { limit: 'stringLength', max, field } },
  });

/**
 * Length limits on every string a partner sends: no string argument or input field may exceed
 * `maxChars` unless `longer` names it. Checked before execution on the document and the
 * variables (linear in both), so no resolver, cache key or upstream call sees an oversized value.
 * Directive arguments are bounded by the token and body limits and are not strings we act on.
 */
export function useStringInputLimit(limits: StringInputLimits = DEFAULT_STRING_INPUT_LIMITS): Plugin {
  const refusal = (args: { document: DocumentNode; variableValues?: Record<string, unknown> | null | undefined }) => {
    const found = checkDocument(args.document, limits, args.variableValues ?? {});
    return found ? tooLong(found) : null;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = refusal(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = refusal(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
