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

const lastNumber = (transaction: X12Transaction) => transaction.segments[transaction.segments.length - 1]?.number ?? 0;

/** Index of the last item whose start is <= n (binary search), -1 when none. */
const lastStartingBefore = (starts: readonly number[], n: number): number => {
  let [low, high, found] = [0, starts.length - 1, -1];
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((starts[mid] as number) <= n) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
};

/**
 * Groups warnings by transaction: a transaction's share is its own segments' warnings, its
 * functional group's (GS/GE) and the interchange's (ISA/IEA), never another transaction's.
 * Built once in O(w log t), so interpreting thousands of transactions stays linear.
 */
export const warningsByTransaction = (interchange: X12Interchange): ((transaction: X12Transaction) => X12Warning[]) => {
  const transactions = allTransactions(interchange);
  const transactionStarts = transactions.map((t) => t.segments[0]?.number ?? 0);
  const groupStarts = interchange.groups.map((g) => g.gs.number);
  const own = new Map<X12Transaction, X12Warning[]>();
  const ofGroup = new Map<number, X12Warning[]>();
  const global: X12Warning[] = [];
  const add = <K,>(map: Map<K, X12Warning[]>, key: K, warning: X12Warning) => {
    const list = map.get(key);
    if (list) list.push(warning);
    else map.set(key, [warning]);
  };

  for (const warning of interchange.warnings) {
    const candidate = transactions[lastStartingBefore(transactionStarts, warning.segmentNumber)];
    if (candidate && warning.segmentNumber <= lastNumber(candidate)) {
      add(own, candidate, warning);
      continue;
    }
    const groupIndex = lastStartingBefore(groupStarts, warning.segmentNumber);
    const group = interchange.groups[groupIndex];
    const groupEnd = group?.ge?.number ?? (interchange.groups[groupIndex + 1]?.gs.number ?? Number.POSITIVE_INFINITY) - 1;
    if (group && warning.segmentNumber <= groupEnd && warning.segmentNumber !== interchange.iea?.number) add(ofGroup, groupIndex, warning);
    else global.push(warning);
  }
  return (transaction) =>
    [...global, ...(ofGroup.get(transaction.groupIndex) ?? []), ...(own.get(transaction) ?? [])].sort((a, b) => a.segmentNumber - b.segmentNumber);
};
