import type { PatientSearch } from '../../domain/ehr';
import { GatewayError } from '../../domain/errors';
import { decodeGlobalId } from '../../domain/global-id';
import type { Scope } from '../../auth/scopes';
import type { GatewayContext } from '../context';
import { appointmentById, nodeLoaders, patientById } from './ehr-resolvers';
import { gid } from './ids';

/** node(id:) must not reveal records of a type the partner could not read by its own root field. */
const nodeTypeScopes: Record<string, Scope[]> = {
  Patient: ['patient.read', 'coverage.read'],
  Appointment: ['appointment.read', 'ride.read'],
  Practitioner: ['appointment.read'],
  Location: ['appointment.read', 'ride.read'],
  Coverage: ['coverage.read'],
  Ride: ['ride.read'],
};

const MAX_PAGE = 100;

interface PatientsArgs {
  search: PatientSearch;
  first?: number | null;
  after?: string | null;
  source?: string | null;
}

/** The patients cursor: the source's own continuation, sealed for this partner (src/crypto/cursor-seal.ts). */
const encodeCursor = (ctx: GatewayContext, sourceId: string, continuation: string) => ctx.services.cursors.seal(ctx.partner.id, { sourceId, continuation });

const decodeCursor = async (ctx: GatewayContext, after: string): Promise<[string, string]> => {
  const cursor = await ctx.services.cursors.open(ctx.partner.id, after);
  if (!cursor) throw new GatewayError('BAD_INPUT', 'Malformed or foreign cursor', { details: { field: 'after' } });
  return [cursor.sourceId, cursor.continuation];
};

export const queryResolvers = {
  viewer: (_root: unknown, _args: unknown, ctx: GatewayContext) => ({
    id: ctx.partner.id,
    name: ctx.partner.name,
    scopes: [...ctx.partner.scopes],
    sources: ctx.partner.config.sources.map((sourceId) => ({
      id: sourceId,
      kind: ctx.services.config.sources.find((source) => source.id === sourceId)?.kind ?? 'unknown',
    })),
  }),

  node: async (_root: unknown, args: { id: string }, ctx: GatewayContext) => {
    const { type } = decodeGlobalId(args.id);
    const load = nodeLoaders[type];
    if (!load) throw new GatewayError('BAD_INPUT', 'Unknown id type', { details: { field: 'id' } });
    const needed = nodeTypeScopes[type] ?? [];
    if (!needed.some((scope) => ctx.partner.scopes.has(scope))) {
      throw new GatewayError('FORBIDDEN', `Reading a ${type} needs one of: ${needed.join(', ')}`);
    }
    const record = await load(ctx, args.id);
    return record ? { ...record, __typename: type } : null;
  },

  patient: (_root: unknown, args: { id: string }, ctx: GatewayContext) => patientById(ctx, args.id),

  appointment: (_root: unknown, args: { id: string }, ctx: GatewayContext) => appointmentById(ctx, args.id),

  patients: async (_root: unknown, args: PatientsArgs, ctx: GatewayContext) => {
    const search: PatientSearch = {
      identifier: args.search.identifier ?? undefined,
      family: args.search.family ?? undefined,
      given: args.search.given ?? undefined,
      birthDate: args.search.birthDate ?? undefined,
    };
    if (!Object.values(search).some((value) => typeof value === 'string' && value.trim() !== '')) {
      throw new GatewayError('BAD_INPUT', 'PatientSearch needs at least one of identifier, family, given, birthDate', { details: { field: 'search' } });
    }
    const first = args.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
      throw new GatewayError('BAD_INPUT', `first must be between 1 and ${MAX_PAGE}`, { details: { field: 'first' } });
    }
    let sourceId = args.source ?? ctx.partner.config.sources.find((id) => ctx.services.ehrSources.has(id));
    let sourceCursor: string | null = null;
    if (args.after) {
      const [cursorSource, cursor] = await decodeCursor(ctx, args.after);
      if (args.source && args.source !== cursorSource) throw new GatewayError('BAD_INPUT', 'Cursor belongs to another source', { details: { field: 'after' } });
      sourceId = cursorSource;
      sourceCursor = cursor;
    }
    if (!sourceId) throw new GatewayError('FORBIDDEN', 'This partner reaches no EHR source');
    const page = await ctx.ehr(sourceId).searchPatients(search, first, sourceCursor);
    for (const patient of page.items) ctx.loaders.patient(sourceId).prime(patient.localId, patient);
    if (page.items.length > 0) {
      await ctx.audit.record({ action: 'search', resourceType: 'Patient', resourceIds: page.items.map((p) => gid('Patient', p)), sourceId });
    }
    return {
      edges: page.items.map((node) => ({ node })),
      pageInfo: { hasNextPage: page.nextCursor !== null, endCursor: page.nextCursor ? await encodeCursor(ctx, sourceId, page.nextCursor) : null },
      totalCount: page.total,
    };
  },
};

/** The one partner cursor format (source id + the source's continuation, bound to the partner), for the other paged lists. */
export { decodeCursor as decodeSourceCursor, encodeCursor as encodeSourceCursor };
