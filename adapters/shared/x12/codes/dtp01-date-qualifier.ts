import type { CodeTable } from './coded';

/** DTP01 Date/Time Qualifier (X12 374): the codes 005010X279A1 uses in 270 and 271 loops. */
export const dateQualifierCodes: CodeTable = {
  '096': 'Discharge',
  '102': 'Issue',
  '152': 'Effective Date of Change',
  '193': 'Period Start',
  '194': 'Period End',
  '198': 'Completion',
  '290': 'Coordination of Benefits',
  '291': 'Plan',
  '292': 'Benefit',
  '295': 'Primary Care Provider',
  '304': 'Latest Visit or Consultation',
  '307': 'Eligibility',
  '318': 'Added',
  '340': 'Consolidated Omnibus Budget Reconciliation Act (COBRA) Begin',
  '341': 'Consolidated Omnibus Budget Reconciliation Act (COBRA) End',
  '342': 'Premium Paid to Date Begin',
  '343': 'Premium Paid to Date End',
  '346': 'Plan Begin',
  '347': 'Plan End',
  '348': 'Benefit Begin',
  '349': 'Benefit End',
  '356': 'Eligibility Begin',
  '357': 'Eligibility End',
  '382': 'Enrollment',
  '435': 'Admission',
  '442': 'Date of Death',
  '458': 'Certification',
  '472': 'Service',
  '539': 'Policy Effective',
  '540': 'Policy Expiration',
  '636': 'Date of Last Update',
  '771': 'Status',
};

/** Qualifiers that name the end of something: a single date (D8) is read as `end`, not `start`. */
export const endDateQualifiers: ReadonlySet<string> = new Set(['194', '341', '343', '347', '349', '357', '540']);

/** Plan-level dates kept in PlanInfo: plan, eligibility, plan and eligibility begin/end. */
export const planDateQualifiers: ReadonlySet<string> = new Set(['291', '307', '346', '347', '356', '357']);
