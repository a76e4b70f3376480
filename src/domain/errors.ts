/**
 * The one error family the gateway exposes. `code` is stable (clients switch on it),
 * `retryable` tells a partner whether trying again later can help, and `details` must
 * never hold PHI or an upstream body: it goes to partners verbatim.
 */
export const errorCodes = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_INPUT: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UPSTREAM_UNAVAILABLE: 502,
  UPSTREAM_TIMEOUT: 504,
  UPSTREAM_INVALID: 502,
  UPSTREAM_REJECTED: 502,
  PAYER_REJECTED: 422,
  FEE_CONFIRMATION_REQUIRED: 409,
  /** The patient's payer says transportation is not covered (ride benefit check `required`). */
  BENEFIT_NOT_COVERED: 422,
  /** The patient's payer did not say whether transportation is covered (check `required`). */
  BENEFIT_UNKNOWN: 422,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

const retryableByDefaultCodes: ReadonlySet<ErrorCode> = new Set([
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
]);

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(errorCodes, code);

/** Whether trying again later can help, for an error that does not say. */
export const retryableByDefault = (code: ErrorCode): boolean => retryableByDefaultCodes.has(code);

export type ErrorDetails = Record<string, string | number | boolean | null | readonly unknown[] | Record<string, unknown>>;

export interface GatewayErrorOptions {
  retryable?: boolean;
  /** Safe, PHI-free facts for the caller (ids, codes, seconds to wait). */
  details?: ErrorDetails;
  /** Kept for logs only; never shown to a partner. */
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.retryable = options.retryable ?? retryableByDefault(code);
    this.details = options.details;
  }

  get httpStatus(): number {
    return errorCodes[this.code];
  }
}

export const isGatewayError = (error: unknown): error is GatewayError => error instanceof GatewayError;
