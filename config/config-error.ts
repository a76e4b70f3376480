/** One thing wrong with the config or its environment: where (`sources[2].clientSecret`, `REDIS_URL`) and what. */
export interface ConfigProblem {
  /** A config field path or an environment variable name; empty when the problem has no single place. */
  path: string;
  message: string;
}

const problemLine = (problem: ConfigProblem): string => `  ${problem.path ? `${problem.path}: ` : ''}${problem.message}`;

/** Thrown when config is unusable; the message names the path of every bad field (never a value). */
export class ConfigError extends Error {
  /** Each problem on its own, so several checks can be reported together. */
  readonly problems: readonly ConfigProblem[];

  constructor(message: string, problems?: readonly ConfigProblem[]) {
    super(message);
    this.name = 'ConfigError';
    this.problems = problems ?? [{ path: '', message }];
  }

  /** `Invalid config:` and one indented line per problem. */
  static of(problems: readonly ConfigProblem[]): ConfigError {
    return new ConfigError(`Invalid config:\n${problems.map(problemLine).join('\n')}`, problems);
  }
}
