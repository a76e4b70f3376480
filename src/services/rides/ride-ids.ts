import type { LocalRef } from '../../domain/common';
import { encodeGlobalId } from '../../domain/global-id';
import type { RideRef } from './ride-records';

/** Global ids as partners see them: rides carry their ride source, appointments their EHR. */
export const rideGlobalId = (ref: RideRef): string => encodeGlobalId({ type: 'Ride', sourceId: ref.sourceId, localId: ref.vendorRideId });

export const appointmentGlobalId = (ref: LocalRef): string => encodeGlobalId({ type: 'Appointment', sourceId: ref.sourceId, localId: ref.localId });

export const patientGlobalId = (sourceId: string, localId: string): string => encodeGlobalId({ type: 'Patient', sourceId, localId });
