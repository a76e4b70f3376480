import type { AuditEvent, AuditSink } from '../../../src/ports/audit-sink';

/** The one command this sink needs; an ioredis client (standalone or Cluster) fits. */
export interface StreamClient {
  xadd(key: string, ...args: (string | number)[]): Promise<string | null>;
}

export interface RedisStreamAuditSinkDeps {
  redis: StreamClient;
  /** Stream key, e.g. "caregate:audit". */
  stream: string;
  /**
   * Approximate cap on entries (XADD MAXLEN ~): Redis trims whole macro nodes, so the stream
   * holds at least this many and a little more. Size it for the time a consumer may lag.
   */
  maxLength: number;
}

/**
 * Flat stream fields (what XRANGE / XREAD consumers see): every event property as a string,
 * `resourceIds` as a JSON array, null properties omitted. Ids only, like the event itself.
 */
export const auditStreamFields = (event: AuditEvent): string[] => {
  const fields: [string, string | null][] = [
    ['time', event.time],
    ['requestId', event.requestId],
    ['partnerId', event.partnerId],
    ['operationName', event.operationName],
    ['action', event.action],
    ['resourceType', event.resourceType],
    ['resourceIds', JSON.stringify(event.resourceIds)],
    ['sourceId', event.sourceId],
    ['outcome', event.outcome],
  ];
  return fields.flatMap(([name, value]) => (value === null ? [] : [name, value]));
};

/**
 * Audit events appended to a Redis Stream (XADD with an approximate MAXLEN cap). A write that
 * fails rejects, so the caller can refuse the PHI access it was recording.
 */
export const createRedisStreamAuditSink = ({ redis, stream, maxLength }: RedisStreamAuditSinkDeps): AuditSink => ({
  async write(event: AuditEvent): Promise<void> {
    const id = await redis.xadd(stream, 'MAXLEN', '~', maxLength, '*', ...auditStreamFields(event));
    if (id === null) throw new Error('XADD wrote nothing');
  },
});
