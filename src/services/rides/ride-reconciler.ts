import { isGatewayError } from '../../domain/errors';
import { isFeeConfirmationRequired, isTerminal } from '../../domain/ride';
import type { AuditSink } from '../../ports/audit-sink';
import type { Clock } from '../../ports/clock';
import type { EhrPort } from '../../ports/ehr-port';
import type { Logger } from '../../ports/logger';
import type { Store } from '../../ports/store';
import { RIDE_ENDING_APPOINTMENT_STATUSES } from './appointment-trip';
import { appointmentGlobalId, rideGlobalId } from './ride-ids';
import type { RideSource } from './ride-caller';
import type { RideRecord, RideRecords, RideRef } from './ride-records';
import type { RideUpdates } from './ride-updates';

/**
 * Keeps stored rides true to the vendor and the EHR without waiting for webhooks: a poll over
 * the rides still under way catches lost webhooks, and a ride whose appointment was cancelled
 * upstream is cancelled too (no stranded rides: a driver sent to a cancelled visit is billed).
 */
export interface ReconcileReport {
  checked: number;
  updated: number;
  canceled: number;
  failed: number;
}

export interface RideReconciler {
  /** One pass over the active rides (of one source, or all), soonest pickup first. Tests call it directly. */
  reconcile(options?: { sourceId?: string }): Promise<ReconcileReport>;
  /** Cancels the ride if its appointment no longer happens; answers the record as it now stands. */
  cancelIfStranded(record: RideRecord): Promise<RideRecord>;
  /** Starts the per-source polls (interval from config); answers a function that stops them. */
  start(): () => void;
}

export interface RideReconcilerDeps {
  sources: ReadonlyMap<string, RideSource>;
  ehr: (sourceId: string) => EhrPort | undefined;
  records: RideRecords;
  updates: RideUpdates;
  store: Store;
  auditSink: AuditSink;
  clock: Clock;
  logger: Logger;
}

const SYSTEM_PARTNER = 'caregate';

export function createRideReconciler(deps: RideReconcilerDeps): RideReconciler {
  const { records, updates, logger } = deps;
  const refOf = (record: RideRecord): RideRef => ({ sourceId: record.ride.sourceId, vendorRideId: record.ride.vendorRideId });

  const audit = async (record: RideRecord, outcome: 'success' | 'failure') => {
    await deps.auditSink.write({
      time: new Date(deps.clock.now()).toISOString(),
      requestId: `reconcile-${crypto.randomUUID()}`,
      partnerId: SYSTEM_PARTNER,
      operationName: 'cancelRideOfCancelledAppointment',
      action: 'cancel',
      resourceType: 'Ride',
      resourceIds: [rideGlobalId(refOf(record)), appointmentGlobalId(record.appointment)],
      sourceId: record.ride.sourceId,
      outcome,
    }).catch(() => logger.error('audit write failed for an automatic ride cancellation', { sourceId: record.ride.sourceId }));
  };

  /** Cancels at the vendor, accepting a fee if one is asked: the fee is less than a full wasted trip. */
  const cancelStranded = async (record: RideRecord): Promise<RideRecord> => {
    const port = deps.sources.get(record.ride.sourceId)?.port;
    if (!port) return record;
    try {
      let result = await port.cancel(record.ride.vendorRideId);
      if (isFeeConfirmationRequired(result)) result = await port.cancel(record.ride.vendorRideId, { confirmationToken: result.feeConfirmationRequired.token });
      if (isFeeConfirmationRequired(result)) throw new Error('fee confirmation not accepted');
      const updated = (await updates.applySnapshot(refOf(record), result)) ?? record;
      logger.info('ride cancelled: its appointment no longer happens', { sourceId: record.ride.sourceId });
      await audit(updated, 'success');
      return updated;
    } catch (error) {
      logger.warn('could not cancel the ride of a cancelled appointment; the next poll retries', { sourceId: record.ride.sourceId, error: isGatewayError(error) ? error.code : 'unknown' });
      await audit(record, 'failure');
      return record;
    }
  };

  const appointmentStatuses = async (sourceId: string, ids: readonly string[]): Promise<Map<string, string>> => {
    const ehr = deps.ehr(sourceId);
    if (!ehr || ids.length === 0) return new Map();
    const found = await ehr.getAppointments(ids);
    return new Map([...found].map(([id, appointment]) => [id, appointment.status]));
  };

  const reconcile = async (options: { sourceId?: string } = {}): Promise<ReconcileReport> => {
    const report: ReconcileReport = { checked: 0, updated: 0, canceled: 0, failed: 0 };
    const sourceIds = options.sourceId ? [options.sourceId] : [...deps.sources.keys()];
    const loaded = (await Promise.all(sourceIds.map((sourceId) => records.activeRides(sourceId)))).flat();
    // One batched EHR read per source for all the appointments, not one per ride.
    const bySource = new Map<string, string[]>();
    for (const record of loaded) bySource.set(record.appointment.sourceId, [...(bySource.get(record.appointment.sourceId) ?? []), record.appointment.localId]);
    const statuses = new Map<string, Map<string, string>>();
    for (const [sourceId, ids] of bySource) {
      statuses.set(sourceId, await appointmentStatuses(sourceId, [...new Set(ids)]).catch(() => new Map<string, string>()));
    }
    for (const record of loaded) {
      if (isTerminal(record.ride.status)) continue;
      report.checked++;
      const status = statuses.get(record.appointment.sourceId)?.get(record.appointment.localId);
      if (status && RIDE_ENDING_APPOINTMENT_STATUSES.has(status)) {
        const after = await cancelStranded(record);
        if (after.ride.status === 'CANCELED') report.canceled++;
        else report.failed++;
        continue;
      }
      try {
        const after = await updates.refresh(refOf(record));
        if (after && JSON.stringify(after.ride) !== JSON.stringify(record.ride)) report.updated++;
      } catch (error) {
        report.failed++;
        // Our own per-vendor budget is spent: the rest waits for the next round.
        if (isGatewayError(error) && error.code === 'RATE_LIMITED') break;
      }
    }
    return report;
  };

  return {
    reconcile,

    async cancelIfStranded(record) {
      if (isTerminal(record.ride.status)) return record;
      const statuses = await appointmentStatuses(record.appointment.sourceId, [record.appointment.localId]).catch(() => null);
      const status = statuses?.get(record.appointment.localId);
      return status && RIDE_ENDING_APPOINTMENT_STATUSES.has(status) ? cancelStranded(record) : record;
    },

    start() {
      const timers: ReturnType<typeof setInterval>[] = [];
      for (const [sourceId, source] of deps.sources) {
        if (source.reconcileIntervalSeconds <= 0) continue;
        let running = false;
        const tick = async () => {
          if (running) return;
          running = true;
          try {
            // One instance polls per interval: the lease is shared through the Store.
            const leaseSeconds = Math.max(1, Math.floor(source.reconcileIntervalSeconds * 0.9));
            if (!(await deps.store.setIfAbsent(`ride-reconcile-lease:${sourceId}`, true, leaseSeconds))) return;
            const report = await reconcile({ sourceId });
            if (report.updated + report.canceled + report.failed > 0) logger.info('ride reconciliation', { sourceId, ...report });
          } catch (error) {
            logger.warn('ride reconciliation failed', { sourceId, error: isGatewayError(error) ? error.code : 'unknown' });
          } finally {
            running = false;
          }
        };
        const timer = setInterval(() => void tick(), source.reconcileIntervalSeconds * 1000);
        // A poll must never keep a process alive that is otherwise done.
        (timer as { unref?: () => void }).unref?.();
        timers.push(timer);
      }
      return () => {
        for (const timer of timers) clearInterval(timer);
      };
    },
  };
}
