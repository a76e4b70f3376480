import { z } from 'zod';

/**
 * Wire format of the clearinghouse JSON eligibility API in the Change Healthcare / Optum
 * "Medical Network Eligibility v3" shape (also served by Stedi as /change/medicalnetwork/
 * eligibility/v3). Only the fields we read are listed; objects are loose so the many fields we
 * ignore (addresses, contact information...) pass through. Field names follow the vendor's
 * OpenAPI: amounts and percents are decimal *strings*, dates are YYYYMMDD strings.
 */

export const eligibilityPath = '/medicalnetwork/eligibility/v3';
export const healthcheckPath = '/medicalnetwork/eligibility/v3/healthcheck';
export const tokenPath = '/apip/auth/v2/token';

// ---- request ---------------------------------------------------------------------------

const wirePersonRequest = z.object({
  memberId: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  /** YYYYMMDD */
  dateOfBirth: z.string().regex(/^\d{8}$/).optional(),
  gender: z.enum(['M', 'F', 'U']).optional(),
});

export const wireEligibilityRequest = z.object({
  /** 9 digits; becomes the 270's ISA13/ST02/TRN02 at the clearinghouse. */
  controlNumber: z.string().regex(/^\d{9}$/),
  tradingPartnerServiceId: z.string().min(1),
  provider: z.object({
    organizationName: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    npi: z.string().regex(/^\d{10}$/),
  }),
  subscriber: wirePersonRequest,
  dependents: z.array(wirePersonRequest).optional(),
  encounter: z.object({
    serviceTypeCodes: z.array(z.string()).optional(),
    dateOfService: z.string().regex(/^\d{8}$/).optional(),
  }),
});
export type WireEligibilityRequest = z.infer<typeof wireEligibilityRequest>;

// ---- response --------------------------------------------------------------------------

export const wireAaaError = z.looseObject({
  code: z.string().optional(),
  description: z.string().optional(),
  field: z.string().optional(),
  /** Text of the AAA04 code, e.g. "Please Correct and Resubmit". */
  followupAction: z.string().optional(),
  /** e.g. "Loop 2100C". */
  location: z.string().optional(),
  possibleResolutions: z.string().optional(),
});
export type WireAaaError = z.infer<typeof wireAaaError>;

const wirePersonResponse = z.looseObject({
  memberId: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  dateOfBirth: z.string().optional(),
  gender: z.string().optional(),
  groupNumber: z.string().optional(),
  groupDescription: z.string().optional(),
  planNumber: z.string().optional(),
  planDescription: z.string().optional(),
  relationToSubscriberCode: z.string().optional(),
  aaaErrors: z.array(wireAaaError).optional(),
});
export type WirePersonResponse = z.infer<typeof wirePersonResponse>;

/** Date fields (benefit and plan level): "YYYYMMDD" or a range "YYYYMMDD-YYYYMMDD". */
export const wireDateInformation = z.record(z.string(), z.unknown());

const wireRelatedEntity = z.looseObject({
  entityIdentifier: z.string().optional(),
  entityType: z.string().optional(),
  entityName: z.string().optional(),
  entityFirstname: z.string().optional(),
  entityIdentification: z.string().optional(),
  entityIdentificationValue: z.string().optional(),
});
export type WireRelatedEntity = z.infer<typeof wireRelatedEntity>;

export const wireBenefit = z.looseObject({
  code: z.string(),
  name: z.string().optional(),
  coverageLevelCode: z.string().optional(),
  coverageLevel: z.string().optional(),
  serviceTypeCodes: z.array(z.string()).optional(),
  serviceTypes: z.array(z.string()).optional(),
  insuranceTypeCode: z.string().optional(),
  insuranceType: z.string().optional(),
  planCoverage: z.string().optional(),
  timeQualifierCode: z.string().optional(),
  timeQualifier: z.string().optional(),
  benefitAmount: z.string().optional(),
  benefitPercent: z.string().optional(),
  quantityQualifierCode: z.string().optional(),
  quantityQualifier: z.string().optional(),
  benefitQuantity: z.string().optional(),
  authOrCertIndicator: z.string().optional(),
  inPlanNetworkIndicatorCode: z.string().optional(),
  inPlanNetworkIndicator: z.string().optional(),
  compositeMedicalProcedureIdentifier: z
    .looseObject({
      productOrServiceIdQualifierCode: z.string().optional(),
      procedureCode: z.string().optional(),
      procedureModifiers: z.array(z.string()).optional(),
    })
    .optional(),
  additionalInformation: z.array(z.looseObject({ description: z.string().optional() })).optional(),
  benefitsDateInformation: wireDateInformation.optional(),
  benefitsAdditionalInformation: z.record(z.string(), z.unknown()).optional(),
  eligibilityAdditionalInformationList: z
    .array(z.looseObject({ codeListQualifierCode: z.string().optional(), industryCode: z.string().optional() }))
    .optional(),
  benefitsRelatedEntities: z.array(wireRelatedEntity).optional(),
  benefitsRelatedEntity: wireRelatedEntity.optional(),
});
export type WireBenefit = z.infer<typeof wireBenefit>;

export const wirePlanStatus = z.looseObject({
  statusCode: z.string().optional(),
  status: z.string().optional(),
  planDetails: z.string().optional(),
  serviceTypeCodes: z.array(z.string()).optional(),
});

export const wireEligibilityResponse = z.looseObject({
  controlNumber: z.string().optional(),
  /** Stedi's echo of the request's controlNumber when its own controlNumber differs. */
  reassociationKey: z.string().optional(),
  tradingPartnerServiceId: z.string().optional(),
  payer: z
    .looseObject({
      name: z.string().optional(),
      payorIdentification: z.string().optional(),
      aaaErrors: z.array(wireAaaError).optional(),
    })
    .optional(),
  provider: z.looseObject({ aaaErrors: z.array(wireAaaError).optional() }).optional(),
  subscriber: wirePersonResponse.optional(),
  dependents: z.array(wirePersonResponse).optional(),
  subscriberTraceNumbers: z
    .array(z.looseObject({ traceTypeCode: z.string().optional(), referenceIdentification: z.string().optional() }))
    .optional(),
  planInformation: z
    .looseObject({ groupNumber: z.string().optional(), groupDescription: z.string().optional(), planNumber: z.string().optional(), planDescription: z.string().optional() })
    .optional(),
  planDateInformation: wireDateInformation.optional(),
  planStatus: z.array(wirePlanStatus).optional(),
  benefitsInformation: z.array(wireBenefit).optional(),
  errors: z.array(wireAaaError).optional(),
  warnings: z.array(z.looseObject({ code: z.string().optional(), description: z.string().optional() })).optional(),
});
export type WireEligibilityResponse = z.infer<typeof wireEligibilityResponse>;

/** OAuth 2.0 client-credentials token answer (RFC 6749 §5.1). */
export const wireTokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
});
