export { createMemoryCache, type MemoryCacheDeps } from './memory-cache';
export { createMemoryStore, type MemoryStoreDeps } from './memory-store';
export { createMemoryRateLimiter, type MemoryRateLimiterDeps } from './memory-rate-limiter';
