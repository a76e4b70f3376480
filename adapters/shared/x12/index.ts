export { readInterchange } from './read-interchange';
export { interpret271, interpret271All, interpret271Transaction, type Interpret271Options } from './interpret-271';
export { interpret270 } from './interpret-270';
export { write270, type Envelope270 } from './write-270';
export { X12Error, isX12Error, formatWarning, type X12ErrorReason, type X12Warning, type X12WarningCode, type X12Tolerance } from './x12-error';
export {
  element,
  optionalElement,
  component,
  components,
  repetitions,
  COMPONENT_SEPARATOR,
  REPETITION_SEPARATOR,
  type X12Segment,
} from './elements';
export {
  allTransactions,
  warningsByTransaction,
  type ReadInterchangeOptions,
  type X12FunctionalGroup,
  type X12Interchange,
  type X12InterchangeHeader,
  type X12Transaction,
} from './interchange';
export type { X12Delimiters } from './isa';
export { isRetryableRejection } from './benefit-271';
export { coded, type CodeTable } from './codes/coded';
export { eligibilityBenefitCodes } from './codes/eb01-eligibility-benefit';
export { coverageLevelCodes } from './codes/eb02-coverage-level';
export { serviceTypeCodes } from './codes/eb03-service-type';
export { insuranceTypeCodes } from './codes/eb04-insurance-type';
export { timePeriodCodes } from './codes/eb06-time-period';
export { quantityQualifierCodes } from './codes/eb09-quantity-qualifier';
export { rejectReasonCodes } from './codes/aaa03-reject-reason';
export { followUpActionCodes } from './codes/aaa04-follow-up-action';
export { dateQualifierCodes, endDateQualifiers } from './codes/dtp01-date-qualifier';
export { referenceQualifierCodes } from './codes/ref01-reference-qualifier';
export { entityIdentifierCodes } from './codes/nm101-entity-identifier';
