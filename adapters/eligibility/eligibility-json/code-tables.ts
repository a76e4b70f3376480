/**
 * Where the JSON API spells an X12 code as text (or as a named date field), these tables turn
 * it back into the code, so the domain keeps the same raw codes whichever adapter answered.
 */

/** AAA04 follow-up action codes and the text the JSON API uses for them. */
export const followUpActionText: Readonly<Record<string, string>> = {
  C: 'Please Correct and Resubmit',
  N: 'Resubmission Not Allowed',
  P: 'Please Resubmit Original Transaction',
  R: 'Resubmission Allowed',
  S: 'Do Not Resubmit; Inquiry Initiated to a Third Party',
  W: 'Please Wait 30 Days and Resubmit',
  X: 'Please Wait 10 Days and Resubmit',
  Y: 'Do Not Resubmit; We Will Hold Your Request and Respond Again Shortly',
};

const followUpCodeByText = new Map(Object.entries(followUpActionText).map(([code, text]) => [text.toLowerCase(), code]));

/** Code for a follow-up text; a bare code (some payers send one) passes through. */
export function followUpCode(text: string): string {
  const trimmed = text.trim();
  if (/^[A-Z]$/.test(trimmed)) return trimmed;
  return followUpCodeByText.get(trimmed.toLowerCase()) ?? trimmed;
}

/**
 * Named date fields of benefitsDateInformation / planDateInformation: their DTP01 qualifier
 * (005010X279A1 2100C/2110C DTP01) and the qualifier's name in the implementation guide.
 */
export const dateFields: Readonly<Record<string, readonly [code: string, name: string]>> = {
  discharge: ['096', 'Discharge'],
  issue: ['102', 'Issue'],
  effectiveDateOfChange: ['152', 'Effective Date of Change'],
  periodStart: ['193', 'Period Start'],
  periodEnd: ['194', 'Period End'],
  completion: ['198', 'Completion'],
  coordinationOfBenefits: ['290', 'Coordination of Benefits'],
  plan: ['291', 'Plan'],
  benefit: ['292', 'Benefit'],
  primaryCareProvider: ['295', 'Primary Care Provider'],
  latestVisitOrConsultation: ['304', 'Latest Visit or Consultation'],
  eligibility: ['307', 'Eligibility'],
  added: ['318', 'Added'],
  cobraBegin: ['340', 'Consolidated Omnibus Budget Reconciliation Act (COBRA) Begin'],
  cobraEnd: ['341', 'Consolidated Omnibus Budget Reconciliation Act (COBRA) End'],
  premiumPaidToDateBegin: ['342', 'Premium Paid to Date Begin'],
  premiumPaidtoDateBegin: ['342', 'Premium Paid to Date Begin'],
  premiumPaidToDateEnd: ['343', 'Premium Paid to Date End'],
  planBegin: ['346', 'Plan Begin'],
  planEnd: ['347', 'Plan End'],
  benefitBegin: ['348', 'Benefit Begin'],
  benefitEnd: ['349', 'Benefit End'],
  eligibilityBegin: ['356', 'Eligibility Begin'],
  eligibilityEnd: ['357', 'Eligibility End'],
  enrollment: ['382', 'Enrollment'],
  admission: ['435', 'Admission'],
  dateOfDeath: ['442', 'Date of Death'],
  certification: ['458', 'Certification'],
  service: ['472', 'Service'],
  policyEffective: ['539', 'Policy Effective'],
  policyExpiration: ['540', 'Policy Expiration'],
  dateOfLastUpdate: ['636', 'Date of Last Update'],
  status: ['771', 'Status'],
};

/** Qualifiers naming the end of something: a single date is an `end`, not a `start`. */
export const endDateQualifiers: ReadonlySet<string> = new Set(['194', '341', '343', '347', '349', '357', '540']);

/** NM101 entity identifier codes for the entity names the JSON API uses (2120C NM101). */
export const entityIdentifierCodes: Readonly<Record<string, string>> = {
  'Contracted Service Provider': '13',
  'Preferred Provider Organization (PPO)': '1I',
  Provider: '1P',
  'Third-Party Administrator': '2B',
  Employer: '36',
  'Other Physician': '73',
  Facility: 'FA',
  'Gateway Provider': 'GP',
  Group: 'GW',
  'Independent Physicians Association (IPA)': 'I3',
  'Insured or Subscriber': 'IL',
  'Legal Representative': 'LR',
  'Origin Carrier': 'OC',
  'Primary Care Provider': 'P3',
  'Prior Insurance Carrier': 'P4',
  'Plan Sponsor': 'P5',
  Payer: 'PR',
  'Primary Payer': 'PRP',
  'Secondary Payer': 'SEP',
  'Tertiary Payer': 'TTP',
  'Party Performing Verification': 'VER',
  Vendor: 'VN',
  'Organization Completing Configuration Change': 'VY',
  'Utilization Management Organization': 'X3',
  'Managed Care Organization': 'Y2',
};

/** Reference qualifiers (REF01) for benefitsAdditionalInformation fields. */
export const referenceFieldQualifiers: Readonly<Record<string, string>> = {
  planNumber: '18',
  insurancePolicyNumber: 'IG',
  memberId: '1W',
  familyUnitNumber: '49',
  groupNumber: '6P',
  referralNumber: '9F',
  alternativeListId: 'ALS',
  coverageListId: 'CLI',
  hicNumber: 'F6',
  drugFormularyNumber: 'FO',
  priorAuthorizationNumber: 'G1',
  planNetworkIdNumber: 'N6',
  medicaidRecepientIdNumber: 'NQ',
  medicalAssistanceCategory: 'M7',
  policyNumber: 'IG',
};
