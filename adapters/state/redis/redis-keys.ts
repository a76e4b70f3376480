/**
 * Key layout shared by the Redis cache and store: `<namespace>:<kind>:<key>`. Keys reach us
 * already PHI-free (identifying parts are HMACs), so they are used as given.
 */
export const redisKey = (namespace: string, kind: 'cache' | 'store', key: string): string => `${namespace}:${kind}:${key}`;

/**
 * An ordered index is one sorted set, `<namespace>:index:{<name>}`. Every index operation is
 * single-key; the hash tag still pins the slot to the name, so a later multi-key step on one
 * index (e.g. a companion key `<namespace>:index:{<name>}:meta`) stays on one Cluster slot.
 */
export const redisIndexKey = (namespace: string, index: string): string => `${namespace}:index:{${index}}`;
