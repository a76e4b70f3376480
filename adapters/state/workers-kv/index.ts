export { createWorkersKvCache, KV_MIN_TTL_SECONDS, type KvCacheOperation, type WorkersKvCacheDeps } from './workers-kv-cache';
export { kvKey, KV_MAX_KEY_BYTES } from './kv-key';
