export { CaregateState, type BucketDecision } from './caregate-state';
export { createDurableObjectStore, storeObjectName, type DurableObjectStoreDeps } from './durable-object-store';
export { createDurableObjectRateLimiter, bucketObjectName, type DurableObjectRateLimiterDeps } from './durable-object-rate-limiter';
