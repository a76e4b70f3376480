import type { Appointment, Coverage, Location, Patient, Practitioner } from '../domain/ehr';
import type { Cache } from '../ports/cache';
import type { Clock } from '../ports/clock';
import type { EhrPort } from '../ports/ehr-port';
import type { KeyHasher } from './key-hasher';

export interface CacheTtl {
  ttlSeconds: number;
  staleSeconds: number;
}

/**
 * Wraps an EHR source so batched reads are served per record from the cache, and only
 * the missing ids go upstream (still in one batched call). Searches are not cached: their
 * terms are PHI and their results change; the records they return are.
 */
export function withRecordCache(port: EhrPort, deps: { cache: Cache; hasher: KeyHasher; ttl: CacheTtl; clock: Clock }): EhrPort {
  const cachedBatch = <T>(resourceType: string, load: (ids: readonly string[]) => Promise<Map<string, T>>) =>
    async (ids: readonly string[]): Promise<Map<string, T>> => {
      if (deps.ttl.ttlSeconds === 0) return load(ids);
      const keys = await Promise.all(ids.map((id) => deps.hasher.key('ehr', [port.sourceId, resourceType, id])));
      const entries = await Promise.all(keys.map((key) => deps.cache.get<T>(key)));
      const found = new Map<string, T>();
      const missing: string[] = [];
      const now = deps.clock.now();
      ids.forEach((id, index) => {
        const entry = entries[index];
        if (entry && entry.freshUntil > now) found.set(id, entry.value);
        else missing.push(id);
      });
      if (missing.length === 0) return found;
      const loaded = await load(missing);
      const keyOf = new Map(ids.map((id, index) => [id, keys[index] as string]));
      await Promise.all(
        [...loaded].map(([id, value]) =>
          deps.cache.set(keyOf.get(id) as string, value, { ttlSeconds: deps.ttl.ttlSeconds, staleSeconds: deps.ttl.staleSeconds }),
        ),
      );
      for (const [id, value] of loaded) found.set(id, value);
      return found;
    };

  return {
    sourceId: port.sourceId,
    getPatients: cachedBatch<Patient>('Patient', (ids) => port.getPatients(ids)),
    getAppointments: cachedBatch<Appointment>('Appointment', (ids) => port.getAppointments(ids)),
    getPractitioners: cachedBatch<Practitioner>('Practitioner', (ids) => port.getPractitioners(ids)),
    getLocations: cachedBatch<Location>('Location', (ids) => port.getLocations(ids)),
    getCoverages: cachedBatch<Coverage>('Coverage', (ids) => port.getCoverages(ids)),
    searchPatients: (search, pageSize, cursor) => port.searchPatients(search, pageSize, cursor),
    searchAppointments: (search) => port.searchAppointments(search),
    searchCoveragesByPatients: (patientIds) => port.searchCoveragesByPatients(patientIds),
    ping: () => port.ping(),
  };
}
