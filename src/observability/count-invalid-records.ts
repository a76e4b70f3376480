import { isStateRecordInvalid, type RecordSchema } from '../ports/state-record';
import type { Store } from '../ports/store';

/**
 * The Store, telling `onInvalid` about every record that did not match its schema before the
 * StateRecordInvalid error goes on to the caller: one place counts them for every service,
 * whatever the backend.
 */
export const countInvalidRecords = (store: Store, onInvalid: (namespace: string) => void): Store => {
  const counted = (error: unknown): never => {
    if (isStateRecordInvalid(error)) onInvalid(error.namespace);
    throw error;
  };
  return {
    ...store,
    get: <T>(key: string, schema: RecordSchema<T>) => store.get(key, schema).catch(counted),
    getVersioned: <T>(key: string, schema: RecordSchema<T>) => store.getVersioned(key, schema).catch(counted),
  };
};
