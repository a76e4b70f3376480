import type { AuditEvent, AuditSink } from '../ports/audit-sink';
import type { Logger } from '../ports/logger';

export interface FanOutTarget {
  name: string;
  sink: AuditSink;
  /**
   * A required sink's failure fails the write (and so the PHI access). A best-effort sink's
   * failure is logged, without the event, and the write still succeeds: another required sink
   * already holds the event.
   */
  required: boolean;
}

/** Writes every event to every target in parallel. At least one target must be required. */
export function createFanOutAuditSink(targets: readonly FanOutTarget[], logger: Logger): AuditSink {
  if (!targets.some((target) => target.required)) throw new Error('a fan-out audit sink needs at least one required target');
  return {
    async write(event: AuditEvent) {
      const results = await Promise.allSettled(targets.map((target) => target.sink.write(event)));
      let failure: unknown;
      results.forEach((result, index) => {
        const target = targets[index];
        if (result.status === 'fulfilled' || !target) return;
        if (target.required) failure ??= result.reason;
        else logger.warn('best-effort audit sink failed', { sink: target.name, error: result.reason instanceof Error ? result.reason.name : 'unknown' });
      });
      if (failure !== undefined) throw failure instanceof Error ? failure : new Error('required audit sink failed', { cause: failure });
    },
  };
}
