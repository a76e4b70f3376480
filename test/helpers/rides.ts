import type { Appointment, Location } from '@medplum/fhirtypes';
import { encodeGlobalId } from '../../src/domain/global-id';
import type { SandboxSimulators } from '../../src/runtime/sandbox';
import { sandboxSimulator as fhirSandbox } from '../../adapters/ehr/fhir-r4/sandbox';

/** Test support for the ride integration suites: sandbox ids, test-only FHIR data, an SSE client. */

/** A living sandbox patient (Emporia, KS) with a home address, coordinates and a US phone number. */
export const LIVING_PATIENT = 'a5cb8ce9-cec6-6b23-0990-cbaf753578a4';
/** Another living sandbox patient (Mission, KS). */
export const OTHER_LIVING_PATIENT = '7bc002fa-dc52-17d6-1563-fd8901826f7d';
/** The sandbox clinic in Emporia (America/Chicago), a few blocks from LIVING_PATIENT. */
export const EMPORIA_CLINIC = '3003bee6-9fb2-3eae-a6cf-0d32d09e28c9';
/** Sandbox's booked 2030-01-15 appointments: a living patient's, and a deceased patient's. */
export const SANDBOX_BOOKED_APPOINTMENT = 'a9b4bd31-b611-2d87-b93f-4e96c49b0aae';
export const DECEASED_PATIENT_APPOINTMENT = 'b846d560-818c-0ba7-4e70-0f1a2599d44a';

export const EHR_SOURCE = 'sandbox-ehr';
export const appointmentGid = (localId: string) => encodeGlobalId({ type: 'Appointment', sourceId: EHR_SOURCE, localId });
export const rideGid = (sourceId: string, vendorRideId: string) => encodeGlobalId({ type: 'Ride', sourceId, localId: vendorRideId });
export const vendorRideIdOf = (rideId: string): string => atob(rideId.replace(/-/g, '+').replace(/_/g, '/')).split(':').slice(2).join(':');

const TIMEZONE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/timezone';

const fhir = (simulators: SandboxSimulators) => simulators.of(fhirSandbox).simulator;

/** A test-only clinic Location (synthetic address) with coordinates and, if given, an IANA zone. */
export async function addLocation(
  simulators: SandboxSimulators,
  options: { lat: number; lng: number; timeZone?: string; name?: string },
): Promise<string> {
  const id = `test-loc-${crypto.randomUUID()}`;
  const location: Location = {
    resourceType: 'Location',
    id,
    status: 'active',
    name: options.name ?? 'TEST CLINIC',
    address: { line: ['100 Test Clinic Way'], city: 'Testville', state: 'KS', postalCode: '66000', country: 'US' },
    position: { latitude: options.lat, longitude: options.lng },
    ...(options.timeZone ? { extension: [{ url: TIMEZONE_EXTENSION, valueCode: options.timeZone }] } : {}),
  };
  await fhir(simulators).load([location]);
  return id;
}

/** A test-only Appointment of a sandbox patient at a location (default: booked, at the Emporia clinic). */
export async function addAppointment(
  simulators: SandboxSimulators,
  options: { start: string; patientId?: string; locationId?: string; status?: Appointment['status']; id?: string; reason?: string },
): Promise<string> {
  const id = options.id ?? `test-appt-${crypto.randomUUID()}`;
  const startMs = Date.parse(options.start);
  const appointment: Appointment = {
    resourceType: 'Appointment',
    id,
    status: options.status ?? 'booked',
    start: options.start,
    end: new Date(startMs + 30 * 60_000).toISOString(),
    ...(options.reason ? { reasonCode: [{ text: options.reason }], description: options.reason } : {}),
    participant: [
      { actor: { reference: `Patient/${options.patientId ?? LIVING_PATIENT}` }, status: 'accepted' },
      { actor: { reference: `Location/${options.locationId ?? EMPORIA_CLINIC}` }, status: 'accepted' },
    ],
  };
  await fhir(simulators).load([appointment]);
  return id;
}

/** Marks an appointment cancelled in the EHR, as a scheduler would. */
export async function cancelAppointmentUpstream(simulators: SandboxSimulators, id: string): Promise<void> {
  const current = await fhir(simulators).repo.readResource<Appointment>('Appointment', id);
  await fhir(simulators).load([{ ...current, status: 'cancelled' }]);
}

export interface SseSubscription<T> {
  /** The next event's `data` (GraphQL result); rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<T>;
  /** Resolves true when the server completes the stream within `timeoutMs`, false otherwise. */
  completed(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** A GraphQL subscription over server-sent events (yoga's protocol: `event: next` / `data: {...}`). */
export async function subscribeSse<T = { data?: Record<string, unknown>; errors?: unknown[] }>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<SseSubscription<T>> {
  const controller = new AbortController();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`subscription refused: HTTP ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const queued: T[] = [];
  const waiting: ((value: T) => void)[] = [];
  let buffer = '';
  let markComplete: () => void = () => undefined;
  const complete = new Promise<void>((resolve) => (markComplete = resolve));
  const pump = async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return markComplete();
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          if (lines.some((line) => line === 'event: complete')) markComplete();
          if (!lines.some((line) => line === 'event: next')) continue;
          const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
          const payload = JSON.parse(data) as T;
          const resolve = waiting.shift();
          if (resolve) resolve(payload);
          else queued.push(payload);
        }
      }
    } catch {
      // aborted by close()
    }
  };
  void pump();
  return {
    next(timeoutMs = 5_000) {
      const ready = queued.shift();
      if (ready !== undefined) return Promise.resolve(ready);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          const index = waiting.indexOf(deliver);
          if (index >= 0) waiting.splice(index, 1);
          reject(new Error('no subscription event in time'));
        }, timeoutMs);
        const deliver = (value: T) => {
          clearTimeout(timer);
          resolve(value);
        };
        waiting.push(deliver);
      });
    },
    completed(timeoutMs = 5_000) {
      return Promise.race([complete.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs))]);
    },
    async close() {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    },
  };
}

/** A date-time `days` days from now, as an ISO instant with the given offset text (e.g. "-06:00"). */
export const futureIso = (days: number): string => new Date(Date.now() + days * 24 * 3600_000).toISOString();
