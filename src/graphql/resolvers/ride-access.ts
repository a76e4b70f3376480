import type { LocalRef } from '../../domain/common';
import { GatewayError } from '../../domain/errors';
import type { RideCaller, RideRef, RideService } from '../../services/rides';
import type { GatewayContext } from '../context';
import { decodeGlobalId } from './ids';

/** The ride service of this gateway; a configuration without ride sources has none to offer. */
export function rideService(ctx: GatewayContext): RideService {
  const rides = ctx.services.rides;
  if (!rides) throw new GatewayError('FORBIDDEN', 'This gateway has no ride sources');
  return rides;
}

/** The caller as the ride services see it: partner id, reachable sources, the request's audit trail. */
export function rideCaller(ctx: GatewayContext): RideCaller {
  const rides = rideService(ctx);
  return {
    partnerId: ctx.partner.id,
    reach: (sourceId) => void ctx.reachableSource(sourceId),
    rideSourceIds: ctx.partner.config.sources.filter((id) => rides.sourceIds.includes(id)),
    benefitCheck: ctx.partner.config.rideBenefitCheck,
    audit: (record) => ctx.audit.record(record),
  };
}

export const rideRefOf = (id: string, field = 'id'): RideRef => {
  try {
    const { sourceId, localId } = decodeGlobalId(id, 'Ride');
    return { sourceId, vendorRideId: localId };
  } catch {
    throw new GatewayError('BAD_INPUT', 'Not a ride id', { details: { field } });
  }
};

export const appointmentRefOf = (id: string, field = 'appointmentId'): LocalRef => {
  try {
    const { sourceId, localId } = decodeGlobalId(id, 'Appointment');
    return { sourceId, localId };
  } catch {
    throw new GatewayError('BAD_INPUT', 'Not an appointment id', { details: { field } });
  }
};
