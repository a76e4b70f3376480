import { ConfigError, type ConfigProblem } from './config-error';
import type { SecretRef } from './schema-parts';

export type EnvLookup = (name: string) => string | undefined;

/**
 * Collects every problem of a config and its environment instead of stopping at the first, so
 * an operator fixes them all in one go (`npm run config:check`, and every start-up).
 */
export class ConfigProblems {
  readonly list: ConfigProblem[] = [];
  /** Paths whose secret is unset: errors that follow from a placeholder value are not news. */
  private readonly missing = new Set<string>();

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  /** Records a ConfigError's problems; anything else is not a config problem and is rethrown. */
  absorb(error: unknown): void {
    if (!(error instanceof ConfigError)) throw error;
    this.list.push(...error.problems);
  }

  /** Runs `check`; a ConfigError it throws is recorded and `undefined` returned. */
  attempt<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      this.absorb(error);
      return undefined;
    }
  }

  /** The secret's value; when unset, '' and a problem naming the variable and where it is used. */
  secret(ref: SecretRef, usedAt: string, env: EnvLookup): string {
    const value = env(ref.env);
    if (value !== undefined && value !== '') return value;
    this.missing.add(usedAt);
    this.add(usedAt, `environment variable ${ref.env} is not set`);
    return '';
  }

  /** True when a secret at or under `pathPrefix` (e.g. `sources[2].`) was unset. */
  missingUnder(pathPrefix: string): boolean {
    return [...this.missing].some((path) => path.startsWith(pathPrefix));
  }

  /** One ConfigError listing every problem collected. */
  toError(): ConfigError {
    return ConfigError.of(this.list);
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw this.toError();
  }
}

/** Reads a secret reference; a missing variable is a config error naming the variable and where it is used. */
export function resolveSecret(ref: SecretRef, env: EnvLookup, usedAt: string): string {
  const problems = new ConfigProblems();
  const value = problems.secret(ref, usedAt, env);
  problems.throwIfAny();
  return value;
}
