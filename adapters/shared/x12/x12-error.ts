import { GatewayError } from '../../../src/domain/errors';

/**
 * Why an interchange was refused. Stable codes: callers and tests switch on them, and they
 * travel to partners in `details.reason`, so they name a structural fault, never a value.
 */
export type X12ErrorReason =
  | 'EMPTY_INPUT'
  | 'NOT_X12'
  | 'ISA_TRUNCATED'
  | 'BAD_DELIMITER'
  | 'DELIMITER_CLASH'
  | 'CONTROL_CHARACTER'
  | 'INVALID_SEGMENT_ID'
  | 'UNEXPECTED_SEGMENT'
  | 'MISSING_SE'
  | 'SEGMENT_COUNT_MISMATCH'
  | 'TRANSACTION_COUNT_MISMATCH'
  | 'GROUP_COUNT_MISMATCH'
  | 'MISSING_TRAILER'
  | 'CONTENT_AFTER_IEA'
  | 'NO_271'
  | 'NO_270';

/** Lenient findings: the data is intact but the sender bent the rules. PHI-free. */
export type X12WarningCode =
  | 'ISA_NOT_FIXED_WIDTH'
  | 'ISA_QUALIFIER'
  | 'NO_REPETITION_SEPARATOR'
  | 'UNTERMINATED_SEGMENT'
  | 'CONTROL_NUMBER_MISMATCH'
  | 'FUNCTIONAL_ID_MISMATCH'
  | 'MISSING_VERSION'
  | 'VERSION_MISMATCH'
  | 'MISSING_IMPLEMENTATION_REFERENCE'
  | 'UNEXPECTED_BHT'
  | 'SEGMENT_COUNT_MISMATCH'
  | 'TRANSACTION_COUNT_MISMATCH'
  | 'GROUP_COUNT_MISMATCH'
  | 'MISSING_TRAILER'
  | 'SKIPPED_TRANSACTION'
  | 'UNEXPECTED_SEGMENT'
  | 'UNKNOWN_HL_LEVEL'
  | 'HL_PARENT'
  | 'SEVERAL_SUBSCRIBERS'
  | 'SEVERAL_DEPENDENTS'
  | 'UNCLOSED_LS'
  | 'BAD_AMOUNT'
  | 'BAD_PERCENT'
  | 'PERCENT_AS_WHOLE_NUMBER'
  | 'BAD_QUANTITY'
  | 'BAD_DATE';

export interface X12Warning {
  /** 1-based position of the segment in the interchange (ISA is 1). */
  segmentNumber: number;
  code: X12WarningCode;
  /** Names elements and faults only, never element values. */
  message: string;
}

/**
 * Faults a reader may be told to accept from a known-bad sender: they are errors by default
 * because a wrong count or a missing trailer can mean lost segments.
 */
export type X12Tolerance = 'COUNT_MISMATCH' | 'MISSING_TRAILER';

/**
 * An interchange we refuse to interpret. A GatewayError (UPSTREAM_INVALID, not retryable:
 * the same bytes will fail the same way) whose message names the segment position and the
 * fault; details carry `{ segment, reason }` for machines.
 */
export class X12Error extends GatewayError {
  readonly segmentNumber: number;
  readonly reason: X12ErrorReason;

  constructor(segmentNumber: number, reason: X12ErrorReason, description: string, segmentId?: string) {
    const where = segmentId ? `segment ${segmentNumber} (${segmentId})` : `segment ${segmentNumber}`;
    super('UPSTREAM_INVALID', `X12 ${where}: ${description}`, {
      retryable: false,
      details: { segment: segmentNumber, reason },
    });
    this.name = 'X12Error';
    this.segmentNumber = segmentNumber;
    this.reason = reason;
  }
}

export const isX12Error = (error: unknown): error is X12Error => error instanceof X12Error;

export const formatWarning = (warning: X12Warning): string =>
  `${warning.code} at segment ${warning.segmentNumber}: ${warning.message}`;
