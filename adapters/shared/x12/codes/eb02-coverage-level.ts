import type { CodeTable } from './coded';

/** EB02 Coverage Level Code (X12 1207), 005010X279A1. */
export const coverageLevelCodes: CodeTable = {
  CHD: 'Children Only',
  DEP: 'Dependents Only',
  ECH: 'Employee and Children',
  EMP: 'Employee Only',
  ESP: 'Employee and Spouse',
  FAM: 'Family',
  IND: 'Individual',
  SPC: 'Spouse and Children',
  SPO: 'Spouse Only',
  TWO: 'Two Party',
};
