/**
 * The display names the JSON API sends beside each X12 code, for the codes the sandbox member
 * table uses (names as in the vendor's OpenAPI enums). Simulator only.
 */

export const benefitNames: Readonly<Record<string, string>> = {
  '1': 'Active Coverage',
  '6': 'Inactive',
  A: 'Co-Insurance',
  B: 'Co-Payment',
  C: 'Deductible',
  G: 'Out of Pocket (Stop Loss)',
  I: 'Non-Covered',
};

export const coverageLevelNames: Readonly<Record<string, string>> = {
  IND: 'Individual',
  FAM: 'Family',
  ESP: 'Employee and Spouse',
  CHD: 'Children Only',
};

export const serviceTypeNames: Readonly<Record<string, string>> = {
  '30': 'Health Benefit Plan Coverage',
  '62': 'MRI/CAT Scan',
  '86': 'Emergency Services',
  '98': 'Professional (Physician) Visit - Office',
  UC: 'Urgent Care',
};

export const insuranceTypeNames: Readonly<Record<string, string>> = {
  PR: 'Preferred Provider Organization (PPO)',
  HM: 'Health Maintenance Organization (HMO)',
};

export const timeQualifierNames: Readonly<Record<string, string>> = {
  '23': 'Calendar Year',
  '27': 'Visit',
  '29': 'Remaining',
};

export const networkNames: Readonly<Record<string, string>> = {
  Y: 'Yes',
  N: 'No',
  W: 'Not Applicable',
  U: 'Unknown',
};

export const rejectReasonNames: Readonly<Record<string, string>> = {
  '42': 'Unable to Respond at Current Time',
  '67': 'Patient Not Found',
  '72': 'Invalid/Missing Subscriber/Insured ID',
  '75': 'Subscriber/Insured Not Found',
};
