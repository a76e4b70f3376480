import { createFanOutAuditSink } from '../audit/fan-out-audit-sink';
import type { AuditSink } from '../ports/audit-sink';
import type { Logger } from '../ports/logger';

/**
 * The primary sink (stdout JSON lines, or a test's) plus the Redis Stream when Redis is
 * configured. The primary is required: its failure fails the PHI read. The stream is a copy
 * for consumers and best effort: while Redis is down the event is still on stdout, and a Redis
 * outage must not become a PHI-read outage ("Redis down is not an outage"). Flip `required`
 * to make the stream the record of truth instead.
 */
export function withAuditStream(primary: AuditSink, stream: AuditSink | null, logger: Logger): AuditSink {
  if (!stream) return primary;
  return createFanOutAuditSink(
    [
      { name: 'primary', sink: primary, required: true },
      { name: 'redis-stream', sink: stream, required: false },
    ],
    logger,
  );
}
