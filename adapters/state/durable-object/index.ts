export { CaregateState, type BucketDecision } from './caregate-state';
export { createDurableObjectStore, indexObjectName, storeObjectName, type DurableObjectStoreDeps } from './durable-object-store';
export { createDurableObjectRateLimiter, bucketObjectName, type DurableObjectRateLimiterDeps } from './durable-object-rate-limiter';
