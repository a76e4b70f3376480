import type { Appointment, AppointmentWorklistSearch } from '../../domain/ehr';
import { GatewayError } from '../../domain/errors';
import type { GatewayContext } from '../context';
import { decodeGlobalId, gid } from './ids';
import { decodeSourceCursor, encodeSourceCursor } from './query-resolvers';

interface AppointmentFilterArgs {
  from: string;
  to: string;
  status?: string[] | null;
  locationIds?: string[] | null;
  practitionerIds?: string[] | null;
  needsRide?: boolean | null;
  sourceId?: string | null;
}

interface AppointmentsArgs {
  filter: AppointmentFilterArgs;
  first?: number | null;
  after?: string | null;
}

const MAX_PAGE = 100;
const MAX_RANGE_MS = 31 * 24 * 3600 * 1000;
/** With `needsRide`, further source pages read while a page comes out empty. */
const MAX_EXTRA_PAGES = 4;
/** Marks the source continuation as a worklist's, so a `patients` cursor is no worklist cursor (and back). */
const CURSOR_KIND = 'appointments:';

const badInput = (field: string, message: string) => new GatewayError('BAD_INPUT', message, { details: { field } });

/** Global ids of one type in the chosen source, as that source's local ids. */
const localIdsOf = (ids: readonly string[] | null | undefined, type: string, sourceId: string, field: string): string[] | undefined => {
  if (!ids?.length) return undefined;
  return ids.map((id) => {
    let decoded;
    try {
      decoded = decodeGlobalId(id, type);
    } catch {
      throw badInput(field, `Not a ${type} id`);
    }
    if (decoded.sourceId !== sourceId) throw badInput(field, `A ${type} of another source than the one searched`);
    return decoded.localId;
  });
};

/** The range and its checks: both given, from before to, at most 31 days apart. */
const rangeOf = (filter: AppointmentFilterArgs): { fromMs: number; toMs: number } => {
  const fromMs = Date.parse(filter.from);
  const toMs = Date.parse(filter.to);
  if (toMs <= fromMs) throw badInput('to', '`to` must be after `from`');
  if (toMs - fromMs > MAX_RANGE_MS) throw badInput('to', '`from` and `to` may be at most 31 days apart');
  return { fromMs, toMs };
};

const chooseSource = async (ctx: GatewayContext, args: AppointmentsArgs): Promise<{ sourceId: string; cursor: string | null }> => {
  if (args.after) {
    const [sourceId, wrapped] = await decodeSourceCursor(ctx, args.after);
    if (!wrapped.startsWith(CURSOR_KIND)) throw badInput('after', 'Not a cursor of this list');
    if (args.filter.sourceId && args.filter.sourceId !== sourceId) throw badInput('after', 'Cursor belongs to another source');
    return { sourceId, cursor: wrapped.slice(CURSOR_KIND.length) };
  }
  const sourceId = args.filter.sourceId ?? ctx.partner.config.sources.find((id) => ctx.services.ehrSources.has(id));
  if (!sourceId) throw new GatewayError('FORBIDDEN', 'This partner reaches no EHR source');
  return { sourceId, cursor: null };
};

/** `needsRide` of one appointment: booked, still ahead, and no ride under way booked through the gateway. */
const needsRide = async (ctx: GatewayContext, appointment: Appointment, nowMs: number): Promise<boolean> => {
  const startMs = appointment.start ? Date.parse(appointment.start) : Number.NaN;
  if (appointment.status !== 'booked' || !(startMs > nowMs)) return false;
  const rides = ctx.services.rides;
  return !(rides && (await rides.hasActiveRide({ sourceId: appointment.sourceId, localId: appointment.localId })));
};

export const appointmentWorklistResolvers = {
  appointments: async (_root: unknown, args: AppointmentsArgs, ctx: GatewayContext) => {
    const { filter } = args;
    const first = args.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw badInput('first', `first must be between 1 and ${MAX_PAGE}`);
    const { fromMs, toMs } = rangeOf(filter);
    // Practitioners are appointment.read data: a ride partner may not select by them either.
    if (filter.practitionerIds?.length && !ctx.partner.scopes.has('appointment.read')) {
      throw new GatewayError('FORBIDDEN', 'Filtering by practitioner needs appointment.read', { details: { field: 'practitionerIds' } });
    }
    const { sourceId, cursor } = await chooseSource(ctx, args);
    const port = ctx.ehr(sourceId);
    const nowMs = ctx.services.clock.now();
    const wanted = filter.needsRide;
    // Only booked, future appointments can need a ride: ask the EHR for just those.
    const search: AppointmentWorklistSearch = {
      from: new Date(wanted === true ? Math.max(fromMs, nowMs) : fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      status: filter.status ?? (wanted === true ? ['booked'] : undefined),
      locationIds: localIdsOf(filter.locationIds, 'Location', sourceId, 'locationIds'),
      practitionerIds: localIdsOf(filter.practitionerIds, 'Practitioner', sourceId, 'practitionerIds'),
    };
    let page = await port.searchAppointmentWorklist(search, first, cursor);
    let items = page.items;
    if (typeof wanted === 'boolean') {
      const keep = async (list: Appointment[]) => {
        const verdicts = await Promise.all(list.map((appointment) => needsRide(ctx, appointment, nowMs)));
        return list.filter((_, i) => verdicts[i] === wanted);
      };
      items = await keep(page.items);
      for (let extra = 0; items.length === 0 && page.nextCursor && extra < MAX_EXTRA_PAGES; extra++) {
        page = await port.searchAppointmentWorklist(search, first, page.nextCursor);
        items = await keep(page.items);
      }
    }
    // Appointment fields and node() reuse what the search returned; patients, practitioners and locations batch per page.
    for (const appointment of items) ctx.loaders.appointment(sourceId).prime(appointment.localId, appointment);
    if (items.length > 0) {
      await ctx.audit.record({ action: 'search', resourceType: 'Appointment', resourceIds: items.map((a) => gid('Appointment', a)), sourceId });
    }
    const endCursor = page.nextCursor ? await encodeSourceCursor(ctx, sourceId, `${CURSOR_KIND}${page.nextCursor}`) : null;
    return { edges: items.map((node) => ({ node })), pageInfo: { hasNextPage: endCursor !== null, endCursor }, totalCount: page.total };
  },
};
