import type { LogFields, Logger, LogLevel } from '../ports/logger';

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export const isLogLevel = (value: string | undefined): value is LogLevel => value !== undefined && value in levelRank;

/**
 * JSON-lines logger on any runtime (console only). Callers pass PHI-free fields; this
 * logger does not try to scrub, because scrubbing by pattern gives false comfort.
 */
export function createJsonLogger(options: { level: LogLevel; write?: (line: string) => void; base?: LogFields }): Logger {
  const write = options.write ?? ((line: string) => console.log(line));
  const threshold = levelRank[options.level];
  const make = (base: LogFields): Logger => {
    const emit = (level: LogLevel, message: string, fields?: LogFields) => {
      if (levelRank[level] < threshold) return;
      write(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...base, ...fields }));
    };
    return {
      debug: (message, fields) => emit('debug', message, fields),
      info: (message, fields) => emit('info', message, fields),
      warn: (message, fields) => emit('warn', message, fields),
      error: (message, fields) => emit('error', message, fields),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.base ?? {});
}
