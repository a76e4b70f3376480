/**
 * Key layout shared by the Redis cache and store: `<namespace>:<kind>:<key>`. Keys reach us
 * already PHI-free (identifying parts are HMACs), so they are used as given.
 */
export const redisKey = (namespace: string, kind: 'cache' | 'store', key: string): string => `${namespace}:${kind}:${key}`;
