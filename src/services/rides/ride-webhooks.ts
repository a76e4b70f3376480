import { isGatewayError } from '../../domain/errors';
import type { RideStatusEvent } from '../../domain/ride';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Store } from '../../ports/store';
import type { KeyHasher } from '../../crypto/key-hasher';
import type { RideSource } from './ride-caller';
import type { RideUpdates } from './ride-updates';

/**
 * A vendor's status webhook, from raw bytes to an applied update: the signature is checked over
 * the exact bytes received before anything is parsed, each event id is processed once (across
 * instances), events older than the dedupe window are refused (a replay could otherwise outlive
 * its id record), and a failure to apply releases the event id and answers 503 so the vendor
 * delivers it again.
 */
export interface WebhookAnswer {
  status: number;
  body: { outcome: string };
}

/** How long event ids are remembered; older events are refused as replays. */
const EVENT_TTL_SECONDS = 7 * 24 * 3600;

export interface RideWebhooks {
  receive(sourceId: string, rawBody: Uint8Array, headers: Headers): Promise<WebhookAnswer>;
}

const answer = (status: number, outcome: string): WebhookAnswer => ({ status, body: { outcome } });

export function createRideWebhooks(deps: {
  sources: ReadonlyMap<string, RideSource>;
  updates: RideUpdates;
  store: Store;
  hasher: KeyHasher;
  clock: Clock;
  logger: Logger;
}): RideWebhooks {
  const { logger } = deps;
  return {
    async receive(sourceId, rawBody, headers) {
      const port = deps.sources.get(sourceId)?.port;
      if (!port) return answer(404, 'unknown-source');
      const verdict = await port.verifyWebhook(rawBody, headers);
      if (verdict === false) {
        logger.warn('ride webhook refused: bad signature', { sourceId });
        return answer(401, 'bad-signature');
      }
      if (verdict !== true) {
        logger.warn(`ride webhook refused: ${verdict.refused}`, { sourceId });
        return answer(401, verdict.refused);
      }
      let event: RideStatusEvent | null;
      try {
        event = port.parseWebhook(rawBody);
      } catch {
        logger.warn('ride webhook refused: unreadable body', { sourceId });
        return answer(400, 'unreadable');
      }
      if (!event) return answer(200, 'ignored');
      const occurredMs = Date.parse(event.occurredAt);
      if (!Number.isNaN(occurredMs) && occurredMs < deps.clock.now() - EVENT_TTL_SECONDS * 1000) {
        logger.warn('ride webhook refused: older than the replay window', { sourceId });
        return answer(200, 'stale');
      }
      const eventKey = await deps.hasher.key('ride-evt', [sourceId, event.eventId]);
      if (!(await deps.store.setIfAbsent(eventKey, true, EVENT_TTL_SECONDS))) return answer(200, 'duplicate');
      try {
        const { outcome } = await deps.updates.applyEvent(sourceId, event);
        if (outcome === 'unknown-ride') {
          // Not booked through us, or its booking answer is still on its way: the reconciliation
          // poll and the next read catch up; forget the id so a redelivery is looked at again.
          await deps.store.delete(eventKey);
          return answer(202, 'unknown-ride');
        }
        return answer(200, outcome);
      } catch (error) {
        await deps.store.delete(eventKey).catch(() => undefined);
        logger.warn('ride webhook not applied; asking the vendor to redeliver', { sourceId, error: isGatewayError(error) ? error.code : 'unknown' });
        return answer(503, 'retry');
      }
    },
  };
}
