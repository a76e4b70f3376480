import type { X12Segment } from './elements';
import type { X12Delimiters } from './isa';
import type { X12Tolerance, X12Warning } from './x12-error';

export interface X12InterchangeHeader {
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA09 YYMMDD and ISA10 HHMM as sent. */
  date: string;
  time: string;
  /** ISA12, e.g. '00501' or '00401'. */
  version: string;
  controlNumber: string;
  usageIndicator: string;
}

export interface X12Transaction {
  /** ST01, e.g. '271'. */
  setId: string;
  /** ST02. */
  controlNumber: string;
  /** ST03 (5010), else GS08 of the group; null when neither is sent. */
  implementationReference: string | null;
  /** ST through SE, both included. */
  segments: X12Segment[];
  /** Index of the functional group in `X12Interchange.groups`. */
  groupIndex: number;
}

export interface X12FunctionalGroup {
  /** GS01, e.g. 'HB' for 271s. */
  functionalId: string;
  senderCode: string;
  receiverCode: string;
  controlNumber: string;
  /** GS08, null when missing. */
  version: string | null;
  gs: X12Segment;
  ge: X12Segment | null;
  transactions: X12Transaction[];
}

export interface X12Interchange {
  delimiters: X12Delimiters;
  header: X12InterchangeHeader;
  isa: X12Segment;
  iea: X12Segment | null;
  groups: X12FunctionalGroup[];
  /** Every lenient finding, in segment order. */
  warnings: X12Warning[];
  /** Segments read, ISA and IEA included. */
  segmentCount: number;
}

export interface ReadInterchangeOptions {
  /** Faults to downgrade to warnings for a sender known to commit them (default none). */
  tolerate?: readonly X12Tolerance[];
}

/** Every transaction of the interchange, in order. */
export const allTransactions = (interchange: X12Interchange): X12Transaction[] =>
  interchange.groups.flatMap((group) => group.transactions);

/**
 * Groups warnings by transaction: a transaction's share is its own segments' warnings plus
 * the envelope's (ISA, GS/GE, IEA), never another transaction's. Built once, O(w log t).
 */
export const warningsByTransaction = (interchange: X12Interchange): ((transaction: X12Transaction) => X12Warning[]) => {
  const transactions = allTransactions(interchange);
  const firsts = transactions.map((t) => t.segments[0]?.number ?? 0);
  const own = new Map<X12Transaction, X12Warning[]>();
  const envelope: X12Warning[] = [];
  for (const warning of interchange.warnings) {
    let low = 0;
    let high = transactions.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((firsts[mid] as number) <= warning.segmentNumber) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    const candidate = found === -1 ? undefined : transactions[found];
    const last = candidate?.segments[candidate.segments.length - 1]?.number ?? -1;
    if (candidate && warning.segmentNumber <= last) {
      const list = own.get(candidate) ?? [];
      list.push(warning);
      own.set(candidate, list);
    } else envelope.push(warning);
  }
  return (transaction) =>
    [...envelope, ...(own.get(transaction) ?? [])].sort((a, b) => a.segmentNumber - b.segmentNumber);
};
