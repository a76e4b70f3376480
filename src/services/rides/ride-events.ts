import { createPubSub, type PubSubEventTarget } from 'graphql-yoga';
import type { RideRecord } from './ride-records';

/**
 * Ride updates fanned out to `rideUpdated` subscribers. In-process by default; with a shared
 * event target (Redis pub/sub in production) an update received by one instance (a webhook)
 * reaches subscribers connected to any instance. Payloads cross the wire as JSON.
 */
type RideTopics = Record<string, [string, RideRecord]>;
export type RideEventTarget = PubSubEventTarget<RideTopics>;

export interface RideEvents {
  publish(rideId: string, record: RideRecord): void;
  /** Updates of one ride (by its global id) until the consumer returns. */
  subscribe(rideId: string): AsyncIterableIterator<RideRecord>;
}

export function createRideEvents(options: { eventTarget?: RideEventTarget; topic?: string } = {}): RideEvents {
  const topic = options.topic ?? 'ride-updated';
  const pubSub = createPubSub<RideTopics>(options.eventTarget ? { eventTarget: options.eventTarget } : {});
  return {
    publish: (rideId, record) => pubSub.publish(topic, rideId, record),
    subscribe: (rideId) => pubSub.subscribe(topic, rideId) as AsyncIterableIterator<RideRecord>,
  };
}
