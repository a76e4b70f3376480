import type { RideRequestPlace } from '../../domain/ride';
import type { GatewayContext } from '../context';
import { appointmentRefOf, rideCaller, rideRefOf, rideService } from './ride-access';

interface ScheduleRideArgs {
  input: {
    appointmentId: string;
    idempotencyKey: string;
    pickup?: RideRequestPlace | null;
    rideSource?: string | null;
    productId?: string | null;
    note?: string | null;
  };
}

interface CancelRideArgs {
  input: { rideId: string; confirmationToken?: string | null };
}

export const rideMutationResolvers = {
  scheduleRide: (_root: unknown, { input }: ScheduleRideArgs, ctx: GatewayContext) =>
    rideService(ctx).schedule(rideCaller(ctx), {
      appointment: appointmentRefOf(input.appointmentId),
      idempotencyKey: input.idempotencyKey,
      rideSourceId: input.rideSource ?? undefined,
      pickup: input.pickup ?? undefined,
      productId: input.productId ?? undefined,
      note: input.note ?? undefined,
    }),

  cancelRide: (_root: unknown, { input }: CancelRideArgs, ctx: GatewayContext) =>
    rideService(ctx).cancel(rideCaller(ctx), rideRefOf(input.rideId, 'rideId'), { confirmationToken: input.confirmationToken ?? undefined }),
};
