import { decodeGlobalId, encodeGlobalId } from '../../domain/global-id';

/** Global id of a source record, e.g. gid('Patient', record). */
export const gid = (type: string, record: { sourceId: string; localId: string }): string =>
  encodeGlobalId({ type, sourceId: record.sourceId, localId: record.localId });

export const idResolver = (type: string) => (record: { sourceId: string; localId: string }) => gid(type, record);

export { decodeGlobalId };
