import type { z } from 'zod';
import { GatewayError } from '../../../src/domain/errors';

/** Validates what a caller hands an adapter. Issue paths and messages only: never the values (PHI). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, sourceId: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new GatewayError('BAD_INPUT', 'Ride request is not valid', { details: { sourceId, issues } });
}

/** Reads a webhook body as JSON; BAD_INPUT when it is not (it came from outside). */
export function parseWebhookJson<S extends z.ZodType>(schema: S, rawBody: Uint8Array, sourceId: string): z.infer<S> {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(rawBody));
  } catch (error) {
    throw new GatewayError('BAD_INPUT', 'Webhook body is not JSON', { details: { sourceId }, cause: error });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const paths = parsed.error.issues.slice(0, 5).map((issue) => issue.path.join('.') || '(root)');
    throw new GatewayError('BAD_INPUT', 'Webhook body is not in the expected shape', { details: { sourceId, paths }, cause: parsed.error });
  }
  return parsed.data;
}
