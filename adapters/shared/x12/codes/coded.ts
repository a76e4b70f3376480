import type { CodedValue } from '../../../../src/domain/common';

/** One X12 code list: code -> name as the implementation guide prints it. */
export type CodeTable = Readonly<Record<string, string>>;

/** The raw code with its name; unknown codes keep the code and a null name (code lists are open). */
export const coded = (table: CodeTable, code: string): CodedValue => ({
  code,
  // hasOwn, not `in`: a code like 'constructor' must not find Object.prototype.
  name: Object.hasOwn(table, code) ? (table[code] as string) : null,
});

export const codedOrNull = (table: CodeTable, code: string | null): CodedValue | null =>
  code === null || code === '' ? null : coded(table, code);
