import type { AuditEvent, AuditSink } from '../ports/audit-sink';

/** Default sink: one JSON line per event on stdout (`"type":"audit"`), for the log pipeline to route. */
export function createStdoutAuditSink(write: (line: string) => void = (line) => console.log(line)): AuditSink {
  return {
    async write(event: AuditEvent) {
      write(JSON.stringify({ type: 'audit', ...event }));
    },
  };
}
