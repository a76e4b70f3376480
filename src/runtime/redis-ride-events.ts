import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Cluster, type Redis } from 'ioredis';
import { redisEndpointOf, redisErrorFields, type RedisClient } from '../../adapters/state/redis';
import { throttledWarn } from '../observability/throttled-warn';
import type { Logger } from '../ports/logger';
import type { RideEventTarget } from '../services/rides';

export interface RedisRideEvents {
  eventTarget: RideEventTarget;
  /** Channel prefix: the deployment's namespace, so deployments sharing a Redis do not cross. */
  topic: string;
  close(): Promise<void>;
}

/**
 * rideUpdated across instances over Redis pub/sub (Node only). A subscriber connection cannot
 * run other commands, so both directions get their own connection, with the offline queue on:
 * a SUBSCRIBE issued while reconnecting waits instead of failing. Publish and subscribe failures
 * are logged, never left as unhandled rejections (the event target fires them and forgets).
 */
export function createRedisRideEvents(options: { redis: RedisClient; namespace: string; logger: Logger }): RedisRideEvents {
  const { logger } = options;
  const open = (): RedisClient =>
    options.redis instanceof Cluster
      ? options.redis.duplicate(undefined, { enableOfflineQueue: true })
      : options.redis.duplicate({ enableOfflineQueue: true });
  const publisher = open();
  const subscriber = open();
  const endpoint = redisEndpointOf(options.redis);
  // Both connections reconnect every 2 s during an outage: one line per 10 s for the pair, as for the main connection.
  const connectionWarning = throttledWarn(logger, 'redis pub/sub error');
  for (const connection of [publisher, subscriber]) connection.on('error', (error: Error) => connectionWarning(redisErrorFields(error, endpoint)));
  const commandWarning = throttledWarn(logger, 'redis pub/sub command failed');
  const failed = (operation: string) => (error: unknown) => commandWarning({ operation, ...redisErrorFields(error, endpoint) });

  // Only the calls the event target makes; each one's promise is caught here.
  const publishClient = {
    publish: (channel: string, message: string) => publisher.publish(channel, message).catch(failed('publish')),
  };
  const subscribeClient = {
    on: (event: 'message', listener: (channel: string, message: string) => void) => subscriber.on(event, listener),
    subscribe: (channel: string) => subscriber.subscribe(channel).catch(failed('subscribe')),
    unsubscribe: (channel: string) => subscriber.unsubscribe(channel).catch(failed('unsubscribe')),
  };
  const eventTarget: RideEventTarget = createRedisEventTarget({
    // The library types its clients as full ioredis clients but calls only the methods above.
    publishClient: publishClient as unknown as Redis,
    subscribeClient: subscribeClient as unknown as Redis,
  });
  return {
    eventTarget,
    topic: `${options.namespace}:ride-updated`,
    close: async () => {
      await Promise.all([publisher, subscriber].map((connection) => connection.quit().catch(() => connection.disconnect())));
    },
  };
}
