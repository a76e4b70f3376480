export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Fields must be PHI-free: ids, codes, durations, counts. Never names, birth dates, member ids. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (request id, partner id). */
  child(fields: LogFields): Logger;
}
