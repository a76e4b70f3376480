import type { Appointment, Coverage, Patient, Practitioner } from '../../domain/ehr';
import type { GatewayContext } from '../context';
import { isCoverageVisible } from '../../auth/payer-access';
import { freshnessOf } from '../../services/cached-ehr';
import { decodeGlobalId, gid, idResolver } from './ids';
import { rideCaller, rideRefOf, rideService } from './ride-access';

/** Loads one record by global id through the per-request loader; null when absent. */
async function loadOne<T>(ctx: GatewayContext, id: string, type: string, load: (ctx: GatewayContext, sourceId: string, localId: string) => Promise<T | null>) {
  const { sourceId, localId } = decodeGlobalId(id, type);
  ctx.reachableSource(sourceId);
  return load(ctx, sourceId, localId);
}

export const loadPatient = (ctx: GatewayContext, sourceId: string, localId: string) => {
  ctx.ehr(sourceId);
  return ctx.loaders.patient(sourceId).load(localId);
};
export const loadAppointment = (ctx: GatewayContext, sourceId: string, localId: string) => {
  ctx.ehr(sourceId);
  return ctx.loaders.appointment(sourceId).load(localId);
};
const loadPractitioner = (ctx: GatewayContext, sourceId: string, localId: string) => {
  ctx.ehr(sourceId);
  return ctx.loaders.practitioner(sourceId).load(localId);
};
const loadLocation = (ctx: GatewayContext, sourceId: string, localId: string) => {
  ctx.ehr(sourceId);
  return ctx.loaders.location(sourceId).load(localId);
};
const loadCoverage = (ctx: GatewayContext, sourceId: string, localId: string) => {
  ctx.ehr(sourceId);
  return ctx.loaders.coverage(sourceId).load(localId);
};

/** Audits a PHI read of records that were found (ids only). */
const auditRead = async (ctx: GatewayContext, resourceType: string, records: readonly { sourceId: string; localId: string }[], action = 'read') => {
  if (records.length === 0) return;
  await ctx.audit.record({ action, resourceType, resourceIds: records.map((record) => gid(resourceType, record)), sourceId: records[0]?.sourceId ?? null });
};

export const patientById = async (ctx: GatewayContext, id: string): Promise<Patient | null> => {
  const patient = await loadOne(ctx, id, 'Patient', loadPatient);
  if (patient) await auditRead(ctx, 'Patient', [patient]);
  return patient;
};

export const appointmentById = async (ctx: GatewayContext, id: string): Promise<Appointment | null> => {
  const appointment = await loadOne(ctx, id, 'Appointment', loadAppointment);
  if (appointment) await auditRead(ctx, 'Appointment', [appointment]);
  return appointment;
};

/** node(id:) per type: loader + audit where the type is PHI. */
export const nodeLoaders: Record<string, (ctx: GatewayContext, id: string) => Promise<object | null>> = {
  Patient: patientById,
  Appointment: appointmentById,
  Practitioner: (ctx, id) => loadOne(ctx, id, 'Practitioner', loadPractitioner),
  Location: (ctx, id) => loadOne(ctx, id, 'Location', loadLocation),
  Ride: (ctx, id) => rideService(ctx).get(rideCaller(ctx), rideRefOf(id)),
  Coverage: async (ctx, id) => {
    const coverage = await loadOne(ctx, id, 'Coverage', loadCoverage);
    // Another payer's coverage answers as absent: the id alone must not tell a plan it exists.
    if (!coverage || !isCoverageVisible(ctx.partner, coverage)) return null;
    await auditRead(ctx, 'Coverage', [coverage]);
    return coverage;
  },
};

/** Found records of a loadMany; a failed batch fails the field rather than hiding records. */
const present = <T>(values: readonly (T | null | Error)[]): T[] => {
  const failure = values.find((value) => value instanceof Error);
  if (failure) throw failure;
  return values.filter((value): value is T => value !== null);
};

export const patientResolvers = {
  id: idResolver('Patient'),
  freshness: freshnessOf,
  name: (patient: Patient) => patient.names,
  address: (patient: Patient) => patient.addresses,
  appointments: async (patient: Patient, args: { from?: string | null; to?: string | null; status?: string[] | null }, ctx: GatewayContext) => {
    ctx.ehr(patient.sourceId);
    const appointments = await ctx.loaders
      .appointmentsOfPatient(patient.sourceId, { from: args.from ?? undefined, to: args.to ?? undefined, status: args.status ?? undefined })
      .load(patient.localId);
    // Prime the loader so Appointment-level fields and node() reuse what this search returned.
    for (const appointment of appointments) ctx.loaders.appointment(patient.sourceId).prime(appointment.localId, appointment);
    await auditRead(ctx, 'Appointment', appointments, 'search');
    return appointments;
  },
  coverages: async (patient: Patient, _args: unknown, ctx: GatewayContext) => {
    ctx.ehr(patient.sourceId);
    const all = await ctx.loaders.coveragesOfPatient(patient.sourceId).load(patient.localId);
    // Only the payers the partner may see (config `payerIds`); only those are audited as read.
    const coverages = all.filter((coverage) => isCoverageVisible(ctx.partner, coverage));
    await auditRead(ctx, 'Coverage', coverages, 'search');
    return coverages;
  },
};

export const appointmentResolvers = {
  id: idResolver('Appointment'),
  freshness: freshnessOf,
  patient: async (appointment: Appointment, _args: unknown, ctx: GatewayContext) => {
    if (!appointment.patientId) return null;
    const patient = await loadPatient(ctx, appointment.sourceId, appointment.patientId);
    if (patient) await auditRead(ctx, 'Patient', [patient]);
    return patient;
  },
  practitioners: async (appointment: Appointment, _args: unknown, ctx: GatewayContext) =>
    present(await ctx.loaders.practitioner(appointment.sourceId).loadMany(appointment.practitionerIds)),
  location: async (appointment: Appointment, _args: unknown, ctx: GatewayContext) => {
    const locationId = appointment.locationIds[0];
    return locationId ? ctx.loaders.location(appointment.sourceId).load(locationId) : null;
  },
};

export const practitionerResolvers = { id: idResolver('Practitioner'), name: (practitioner: Practitioner) => practitioner.names, freshness: freshnessOf };
export const locationResolvers = { id: idResolver('Location'), freshness: freshnessOf };
export const coverageResolvers = {
  id: idResolver('Coverage'),
  freshness: freshnessOf,
  payer: (coverage: Coverage) => ({ id: coverage.payerId, name: coverage.payerName }),
};
