import type { Freshness } from '../domain/common';
import { appointment, coverage, location, patient, practitioner } from '../domain/ehr';
import type { EhrPort } from '../ports/ehr-port';
import type { RecordSchema } from '../ports/state-record';
import type { BatchCacheOptions, CachePolicy } from './cache-policy';
import type { KeyHasher } from '../crypto/key-hasher';

/** Per-source record TTLs (from the source's `cache` config). ttlSeconds 0 turns caching off. */
export type CacheTtl = BatchCacheOptions;

const FRESH: Freshness = { state: 'FRESH', ageSeconds: 0, reason: null };

/** A record as the cached port hands it out: the domain record plus how old it is. */
export type WithFreshness<T> = T & { freshness?: Freshness };

/** How fresh a record from an EHR port is: FRESH unless the record cache says otherwise (CACHED / STALE with age). */
export const freshnessOf = (record: object): Freshness => (record as WithFreshness<object>).freshness ?? FRESH;

/**
 * Wraps an EHR source so batched reads go through the cache policy per record (the one cache
 * mechanism: single-flight, stale-while-revalidate, stale-if-error with age, negative caching
 * of ids the EHR does not have), and only the missing ids go upstream, still in one batched
 * call. Searches are not cached: their terms are PHI and their results change; the records
 * they return are. Each record carries its freshness, which the schema exposes.
 */
export function withRecordCache(port: EhrPort, deps: { policy: CachePolicy; hasher: KeyHasher; ttl: CacheTtl }): EhrPort {
  const cachedBatch =
    <T extends object>(resourceType: string, schema: RecordSchema<T>, load: (ids: readonly string[]) => Promise<Map<string, T>>) =>
    async (ids: readonly string[]): Promise<Map<string, T>> => {
      if (deps.ttl.ttlSeconds === 0) return load(ids);
      // Identifying parts are HMAC-ed: the key name holds no record id.
      const items = await Promise.all(ids.map(async (id) => ({ id, key: await deps.hasher.key('ehr', [port.sourceId, resourceType, id]) })));
      const results = await deps.policy.loadMany(items, schema, load, deps.ttl);
      const out = new Map<string, T>();
      for (const [id, { value, freshness }] of results) out.set(id, { ...value, freshness });
      return out;
    };

  return {
    sourceId: port.sourceId,
    getPatients: cachedBatch('Patient', patient, (ids) => port.getPatients(ids)),
    getAppointments: cachedBatch('Appointment', appointment, (ids) => port.getAppointments(ids)),
    getPractitioners: cachedBatch('Practitioner', practitioner, (ids) => port.getPractitioners(ids)),
    getLocations: cachedBatch('Location', location, (ids) => port.getLocations(ids)),
    getCoverages: cachedBatch('Coverage', coverage, (ids) => port.getCoverages(ids)),
    searchPatients: (search, pageSize, cursor) => port.searchPatients(search, pageSize, cursor),
    searchAppointments: (search) => port.searchAppointments(search),
    searchAppointmentWorklist: (search, pageSize, cursor) => port.searchAppointmentWorklist(search, pageSize, cursor),
    searchCoveragesByPatients: (patientIds) => port.searchCoveragesByPatients(patientIds),
    ping: () => port.ping(),
  };
}
