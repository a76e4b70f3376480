import { z } from 'zod';
import type { ConfigProblems } from '../../config/parse-config';

/**
 * Environment values both runtimes read (Node's process env, the Worker's bindings), each
 * parsed the same way with a message that the variable's name prefixes. Empty text counts as
 * unset, as a shell's `NAME=` means.
 */
const unsetIfEmpty = (value: unknown): unknown => (value === '' ? undefined : value);
export const optionalEnv = <Schema extends z.ZodType>(schema: Schema) => z.preprocess(unsetIfEmpty, schema.optional());

export const logLevelEnv = optionalEnv(z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' }));

/** First segment of every state key (REDIS_NAMESPACE, STATE_NAMESPACE): one word, colons allowed. */
export const namespaceEnv = optionalEnv(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9:._-]{0,63}$/, 'must be letters, digits and : . _ - (at most 64)'));

/** SANDBOX_URLS: JSON object of simulator name -> http(s) URL. */
export const sandboxUrlsEnv = optionalEnv(
  z.string().transform((text, ctx): Record<string, string> => {
    const parsed = z.record(z.string(), z.string().regex(/^https?:\/\//)).safeParse((() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    })());
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object of simulator name -> http(s) URL' });
    return z.NEVER;
  }),
);

/** CACHE_ENCRYPTION_KEYS wins over CACHE_ENCRYPTION_KEY (same content: `new,old` for rotation). */
export const encryptionKeyVariable = (lookup: (name: string) => string | undefined): 'CACHE_ENCRYPTION_KEYS' | 'CACHE_ENCRYPTION_KEY' | undefined =>
  lookup('CACHE_ENCRYPTION_KEYS') ? 'CACHE_ENCRYPTION_KEYS' : lookup('CACHE_ENCRYPTION_KEY') ? 'CACHE_ENCRYPTION_KEY' : undefined;

/** Parses `env` with `schema`; each issue becomes a problem at the variable's name (the first path segment). */
export function parseEnv<Schema extends z.ZodType>(schema: Schema, env: unknown, problems: ConfigProblems): z.output<Schema> | undefined {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) problems.add(String(issue.path[0] ?? '(environment)'), issue.message);
  return undefined;
}
