import type { GeoPoint } from '../../domain/ride';
import type { GatewayContext } from '../context';
import { appointmentRefOf, rideCaller, rideRefOf, rideService } from './ride-access';

interface RideEstimateArgs {
  input: { appointmentId?: string | null; pickup?: GeoPoint | null; dropoff?: GeoPoint | null; productId?: string | null };
}

export const rideQueryResolvers = {
  rideEstimates: (_root: unknown, { input }: RideEstimateArgs, ctx: GatewayContext) =>
    rideService(ctx).estimate(rideCaller(ctx), {
      appointment: input.appointmentId ? appointmentRefOf(input.appointmentId) : undefined,
      pickup: input.pickup ?? undefined,
      dropoff: input.dropoff ?? undefined,
      productId: input.productId ?? undefined,
    }),

  ride: (_root: unknown, args: { id: string }, ctx: GatewayContext) => rideService(ctx).get(rideCaller(ctx), rideRefOf(args.id)),
};
