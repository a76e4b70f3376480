export { createRideService, type RideEstimateRequest, type RideService, type RideServiceDeps, type SourceEstimates } from './ride-service';
export { createRideEvents, type RideEventTarget, type RideEvents } from './ride-events';
export type { RideAuditRecord, RideCaller, RideSource, SafeError } from './ride-caller';
export type { RideRecord, RideRef } from './ride-records';
export type { ScheduleRideInput } from './ride-booking';
export type { ReconcileReport, RideReconciler } from './ride-reconciler';
export type { RideWebhooks, WebhookAnswer } from './ride-webhooks';
export { rideGlobalId } from './ride-ids';
export { formatInZone } from './zoned-time';
