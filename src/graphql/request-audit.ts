import { GatewayError } from '../domain/errors';
import type { AuditEvent, AuditSink } from '../ports/audit-sink';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';

export interface AuditRecord {
  action: string;
  resourceType: string;
  resourceIds: string[];
  sourceId: string | null;
  outcome?: AuditEvent['outcome'];
}

/** Audit bound to one request: fills in who/when so resolvers only say what they touched. */
export interface RequestAudit {
  /** Resolves once the event is durably written; rejects (failing the PHI access) when it cannot be. */
  record(record: AuditRecord): Promise<void>;
}

export function createRequestAudit(options: {
  sink: AuditSink;
  clock: Clock;
  logger: Logger;
  requestId: string;
  partnerId: string;
  operationName: () => string | null;
}): RequestAudit {
  return {
    async record(record) {
      const event: AuditEvent = {
        time: new Date(options.clock.now()).toISOString(),
        requestId: options.requestId,
        partnerId: options.partnerId,
        operationName: options.operationName(),
        action: record.action,
        resourceType: record.resourceType,
        resourceIds: record.resourceIds,
        sourceId: record.sourceId,
        outcome: record.outcome ?? 'success',
      };
      try {
        await options.sink.write(event);
      } catch (error) {
        options.logger.error('audit write failed; refusing the access', { resourceType: record.resourceType, action: record.action });
        // No unaudited PHI access: the read fails when its audit event cannot be written.
        throw new GatewayError('INTERNAL', 'Audit trail unavailable; access refused', { retryable: true, cause: error });
      }
    },
  };
}
