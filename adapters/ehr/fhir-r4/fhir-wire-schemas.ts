import { z } from 'zod';

/**
 * The FHIR R4 JSON we read, as zod schemas. Loose objects: servers add extensions, profiles
 * and elements we do not use, and those must not break us. The elements we map are typed
 * strictly, so a server that sends e.g. `name` as a string is UPSTREAM_INVALID, not a crash.
 */
const coding = z.looseObject({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() });
export const codeableConcept = z.looseObject({ coding: z.array(coding).optional(), text: z.string().optional() });
export type FhirCodeableConcept = z.infer<typeof codeableConcept>;

const nestedExtension = z.looseObject({ url: z.string(), valueDecimal: z.number().optional() });
const extension = z.looseObject({
  url: z.string(),
  valueCode: z.string().optional(),
  valueString: z.string().optional(),
  extension: z.array(nestedExtension).optional(),
});
export type FhirExtension = z.infer<typeof extension>;

export const identifier = z.looseObject({
  use: z.string().optional(),
  type: codeableConcept.optional(),
  system: z.string().optional(),
  value: z.string().optional(),
});
export type FhirIdentifier = z.infer<typeof identifier>;

export const reference = z.looseObject({
  reference: z.string().optional(),
  display: z.string().optional(),
  identifier: identifier.optional(),
});
export type FhirReference = z.infer<typeof reference>;

export const humanName = z.looseObject({
  use: z.string().optional(),
  text: z.string().optional(),
  family: z.string().optional(),
  given: z.array(z.string()).optional(),
  prefix: z.array(z.string()).optional(),
  suffix: z.array(z.string()).optional(),
});
export type FhirHumanName = z.infer<typeof humanName>;

export const address = z.looseObject({
  extension: z.array(extension).optional(),
  use: z.string().optional(),
  line: z.array(z.string()).optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(),
});
export type FhirAddress = z.infer<typeof address>;

export const contactPoint = z.looseObject({ system: z.string().optional(), value: z.string().optional(), use: z.string().optional() });
export type FhirContactPoint = z.infer<typeof contactPoint>;

export const period = z.looseObject({ start: z.string().optional(), end: z.string().optional() });

const id = z.string().min(1);

export const fhirPatient = z.looseObject({
  resourceType: z.literal('Patient'),
  id,
  identifier: z.array(identifier).optional(),
  name: z.array(humanName).optional(),
  gender: z.string().optional(),
  birthDate: z.string().optional(),
  deceasedBoolean: z.boolean().optional(),
  deceasedDateTime: z.string().optional(),
  address: z.array(address).optional(),
  telecom: z.array(contactPoint).optional(),
});
export type FhirPatient = z.infer<typeof fhirPatient>;

export const fhirAppointment = z.looseObject({
  resourceType: z.literal('Appointment'),
  id,
  status: z.string(),
  description: z.string().optional(),
  start: z.string().optional(),
  end: z.string().optional(),
  participant: z.array(z.looseObject({ actor: reference.optional(), status: z.string().optional() })).optional(),
});
export type FhirAppointment = z.infer<typeof fhirAppointment>;

export const fhirPractitioner = z.looseObject({
  resourceType: z.literal('Practitioner'),
  id,
  identifier: z.array(identifier).optional(),
  name: z.array(humanName).optional(),
});
export type FhirPractitioner = z.infer<typeof fhirPractitioner>;

export const fhirLocation = z.looseObject({
  resourceType: z.literal('Location'),
  id,
  extension: z.array(extension).optional(),
  name: z.string().optional(),
  address: address.optional(),
  telecom: z.array(contactPoint).optional(),
  position: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
});
export type FhirLocation = z.infer<typeof fhirLocation>;

export const fhirCoverage = z.looseObject({
  resourceType: z.literal('Coverage'),
  id,
  status: z.string(),
  identifier: z.array(identifier).optional(),
  subscriberId: z.string().optional(),
  beneficiary: reference.optional(),
  relationship: codeableConcept.optional(),
  period: period.optional(),
  payor: z.array(reference).optional(),
  class: z.array(z.looseObject({ type: codeableConcept.optional(), value: z.string().optional(), name: z.string().optional() })).optional(),
});
export type FhirCoverage = z.infer<typeof fhirCoverage>;

export const fhirOperationOutcome = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(z.looseObject({ severity: z.string(), code: z.string() })).default([]),
});

export const fhirCapabilityStatement = z.looseObject({ resourceType: z.literal('CapabilityStatement') });

/** Entries stay generic here; each kept entry is parsed with its resource schema afterwards. */
export const fhirBundle = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.string(),
  total: z.number().int().nonnegative().optional(),
  link: z.array(z.looseObject({ relation: z.string(), url: z.string() })).optional(),
  entry: z
    .array(
      z.looseObject({
        fullUrl: z.string().optional(),
        resource: z.looseObject({ resourceType: z.string() }).optional(),
        search: z.looseObject({ mode: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});
export type FhirBundle = z.infer<typeof fhirBundle>;
