export { auditStreamFields, createRedisStreamAuditSink, type RedisStreamAuditSinkDeps, type StreamClient } from './redis-stream-audit-sink';
