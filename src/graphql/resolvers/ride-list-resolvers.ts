import { z } from 'zod';
import type { Appointment } from '../../domain/ehr';
import { GatewayError } from '../../domain/errors';
import type { RideStatus } from '../../domain/ride';
import type { IndexCursor } from '../../ports/store';
import type { RideListFilter } from '../../services/rides';
import type { GatewayContext } from '../context';
import { decodeSourceCursor, encodeSourceCursor } from './query-resolvers';
import { appointmentRefOf, rideCaller, rideService } from './ride-access';

interface RidesArgs {
  filter?: {
    status?: RideStatus[] | null;
    pickupFrom?: string | null;
    pickupTo?: string | null;
    appointmentId?: string | null;
    rideSource?: string | null;
  } | null;
  first?: number | null;
  after?: string | null;
}

const MAX_PAGE = 100;
/** The cursor's "source": rides are the partner's across sources; the continuation is a position in its index. */
const RIDE_LIST = 'rides';
const indexCursor = z.tuple([z.number(), z.string()]);

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const encodeRideCursor = (ctx: GatewayContext, next: IndexCursor) => encodeSourceCursor(ctx, RIDE_LIST, JSON.stringify([next.score, next.member]));

const decodeRideCursor = async (ctx: GatewayContext, after: string): Promise<IndexCursor> => {
  const [list, position] = await decodeSourceCursor(ctx, after);
  const parsed = list === RIDE_LIST ? indexCursor.safeParse(parseJson(position)) : null;
  if (!parsed?.success) throw new GatewayError('BAD_INPUT', 'Not a cursor of this list', { details: { field: 'after' } });
  return { score: parsed.data[0], member: parsed.data[1] };
};

const filterOf = (ctx: GatewayContext, filter: RidesArgs['filter']): RideListFilter => {
  const rideSourceId = filter?.rideSource ?? undefined;
  // Same answer as elsewhere for a source the partner may not use: FORBIDDEN, whether it exists or not.
  if (rideSourceId) ctx.reachableSource(rideSourceId);
  const pickupFromMs = filter?.pickupFrom ? Date.parse(filter.pickupFrom) : undefined;
  const pickupToMs = filter?.pickupTo ? Date.parse(filter.pickupTo) : undefined;
  if (pickupFromMs !== undefined && pickupToMs !== undefined && pickupToMs <= pickupFromMs) {
    throw new GatewayError('BAD_INPUT', '`pickupTo` must be after `pickupFrom`', { details: { field: 'pickupTo' } });
  }
  return {
    status: filter?.status ?? undefined,
    pickupFromMs,
    pickupToMs,
    appointment: filter?.appointmentId ? appointmentRefOf(filter.appointmentId, 'appointmentId') : undefined,
    rideSourceId,
  };
};

export const rideListResolvers = {
  rides: async (_root: unknown, args: RidesArgs, ctx: GatewayContext) => {
    const first = args.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
      throw new GatewayError('BAD_INPUT', `first must be between 1 and ${MAX_PAGE}`, { details: { field: 'first' } });
    }
    const filter = filterOf(ctx, args.filter);
    const after = args.after ? await decodeRideCursor(ctx, args.after) : null;
    const page = await rideService(ctx).list(rideCaller(ctx), filter, first, after);
    const endCursor = page.next ? await encodeRideCursor(ctx, page.next) : null;
    return { edges: page.records.map((node) => ({ node })), pageInfo: { hasNextPage: endCursor !== null, endCursor } };
  },
};

export const appointmentRidesResolver = {
  rides: (appointment: Appointment, _args: unknown, ctx: GatewayContext) =>
    rideService(ctx).ridesForAppointment(rideCaller(ctx), { sourceId: appointment.sourceId, localId: appointment.localId }),
};
