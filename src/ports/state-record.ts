import { ZodError, type ZodType } from 'zod';
import { GatewayError } from '../domain/errors';

/**
 * The schema a Store or Cache read checks its record against. A record read back may have
 * been written by an older (or newer) deploy, or damaged: it is parsed, never trusted.
 */
export type RecordSchema<T> = ZodType<T>;

/**
 * The namespace of a state key, the part before its first ':' ("ride:<hmac>" -> "ride").
 * Keys are PHI-free already, but only this part is fixed by the code, so only this part goes
 * into errors, logs and metric labels.
 */
export const keyNamespace = (key: string): string => {
  const colon = key.indexOf(':');
  return colon > 0 ? key.slice(0, colon) : 'default';
};

/**
 * A Store record that does not match its schema (or is not JSON). INTERNAL for the caller:
 * nothing the partner can fix. The message and details name the key's namespace only.
 */
export class StateRecordInvalid extends GatewayError {
  readonly namespace: string;

  constructor(key: string, cause?: unknown) {
    const namespace = keyNamespace(key);
    super('INTERNAL', `A stored "${namespace}" record does not have the expected shape`, {
      details: { component: 'store', reason: 'STATE_RECORD_INVALID', namespace },
      ...(cause === undefined ? {} : { cause: schemaIssuePaths(cause) }),
    });
    this.name = 'StateRecordInvalid';
    this.namespace = namespace;
  }
}

export const isStateRecordInvalid = (error: unknown): error is StateRecordInvalid => error instanceof StateRecordInvalid;

/**
 * Only where the record failed (field paths and issue codes), never the values: a zod error
 * message quotes the offending input, which may be PHI.
 */
const schemaIssuePaths = (cause: unknown): Error => {
  if (!(cause instanceof ZodError)) return new Error(cause instanceof SyntaxError ? 'not JSON' : 'unreadable');
  const paths = cause.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'} (${issue.code})`);
  return new Error(`schema mismatch at ${paths.slice(0, 5).join(', ')}`);
};
