import type { Appointment } from '../../domain/ehr';
import { formatInZone, rideGlobalId, type RideRecord, type SourceEstimates } from '../../services/rides';
import type { GatewayContext } from '../context';
import { appointmentById } from './ehr-resolvers';
import { gid } from './ids';
import { rideCaller, rideService } from './ride-access';

/** An instant shown in the ride's zone (the clinic's), so partners read local times with the right offset. */
const local = (iso: string | null, timeZone: string): string | null => {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatInZone(ms, timeZone);
};

/** Ride fields from the stored record (RideRecord); everything else is read as stored. */
export const rideTypeResolvers = {
  id: (record: RideRecord) => rideGlobalId({ sourceId: record.ride.sourceId, vendorRideId: record.ride.vendorRideId }),
  status: (record: RideRecord) => record.ride.status,
  rawStatus: (record: RideRecord) => record.ride.rawStatus,
  statusReason: (record: RideRecord) => record.ride.statusReason,
  source: (record: RideRecord) => ({ id: record.ride.sourceId, kind: 'rides' }),
  pickupAt: (record: RideRecord) => local(record.ride.pickupAt, record.timeZone),
  arriveBy: (record: RideRecord) => local(record.arriveBy, record.timeZone),
  timeZone: (record: RideRecord) => record.timeZone,
  pickup: (record: RideRecord) => record.ride.pickup,
  dropoff: (record: RideRecord) => record.ride.dropoff,
  driver: (record: RideRecord) => record.ride.driver,
  fare: (record: RideRecord) => record.ride.fare,
  cancellation: (record: RideRecord) => record.ride.cancellation,
  updatedAt: (record: RideRecord) => record.ride.updatedAt,
  benefitCheck: (record: RideRecord) => (record.benefitCheck ? { ...record.benefitCheck, mode: record.benefitCheck.mode.toUpperCase() } : null),
  // Through the same loader and audit as appointment(id:): scopes decide what of it is visible.
  appointment: (record: RideRecord, _args: unknown, ctx: GatewayContext) => appointmentById(ctx, gid('Appointment', record.appointment)),
};

export const rideSourceEstimatesResolvers = {
  source: (result: SourceEstimates) => ({ id: result.sourceId, kind: 'rides' }),
};

export const appointmentRideResolver = {
  ride: (appointment: Appointment, _args: unknown, ctx: GatewayContext) =>
    rideService(ctx).forAppointment(rideCaller(ctx), { sourceId: appointment.sourceId, localId: appointment.localId }),
};
