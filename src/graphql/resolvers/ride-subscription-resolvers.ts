import { Repeater } from 'graphql-yoga';
import { isTerminal } from '../../domain/ride';
import type { RideRecord } from '../../services/rides';
import type { GatewayContext } from '../context';
import { rideCaller, rideRefOf, rideService } from './ride-access';

/**
 * rideUpdated: the ride as it stands, then each change published by any instance (webhooks,
 * reconciliation, cancellations), until the ride ends. Served over SSE by yoga. When the client
 * goes away the pub/sub subscription is released at once, not at the next event.
 */
export const rideSubscriptionResolvers = {
  rideUpdated: {
    subscribe: async (_root: unknown, args: { id: string }, ctx: GatewayContext) => {
      const { current, updates } = await rideService(ctx).watch(rideCaller(ctx), rideRefOf(args.id));
      return new Repeater<RideRecord>(async (push, stop) => {
        void stop.then(() => updates.return?.());
        await push(current);
        // A finished ride changes no more: complete the stream rather than hold it open.
        if (!isTerminal(current.ride.status)) {
          for await (const record of updates) {
            await push(record);
            if (isTerminal(record.ride.status)) break;
          }
        }
        stop();
      });
    },
    resolve: (record: RideRecord) => record,
  },
};
