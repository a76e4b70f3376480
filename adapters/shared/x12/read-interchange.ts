import { element, optionalElement, type X12Segment } from './elements';
import type { ReadInterchangeOptions, X12FunctionalGroup, X12Interchange, X12Transaction } from './interchange';
import { scanIsa } from './isa';
import { decodeInput, skipLeadingNoise, tokenize } from './tokenize';
import { checkTransaction } from './transaction-checks';
import { X12Error, type X12Tolerance, type X12Warning } from './x12-error';

type StrictReason = 'MISSING_TRAILER' | 'SEGMENT_COUNT_MISMATCH' | 'TRANSACTION_COUNT_MISMATCH' | 'GROUP_COUNT_MISMATCH';

const countOf = (value: string): number | null => (/^\d{1,10}$/.test(value) ? Number(value) : null);

/** Control numbers compare as numbers when numeric (000000907 = 907), else as trimmed text. */
const sameControlNumber = (a: string, b: string): boolean => {
  const [x, y] = [a.trim(), b.trim()];
  return /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) === Number(y) : x === y;
};

/**
 * Reads one X12 interchange: delimiters from the ISA, segments, and the ISA/GS/ST envelope
 * with its counts and control numbers. Throws X12Error where segments may have been lost
 * (wrong SE01/GE01/IEA01 count, missing SE, missing GE/IEA, truncation, junk); records
 * lenient findings (control-number mismatch, GS01/ST03/BHT quirks, missing GS08) as warnings.
 * `options.tolerate` downgrades count mismatches or missing GE/IEA trailers to warnings
 * for a sender known to get them wrong.
 */
export const readInterchange = (input: string | Uint8Array, options: ReadInterchangeOptions = {}): X12Interchange => {
  const text = decodeInput(input);
  const start = skipLeadingNoise(text);
  if (start >= text.length) throw new X12Error(1, 'EMPTY_INPUT', 'the input is empty');
  const scan = scanIsa(text, start);
  const { segments, warnings: tokenWarnings } = tokenize(text, scan);
  const tolerated = new Set<X12Tolerance>(options.tolerate ?? []);
  const warnings: X12Warning[] = [...scan.warnings, ...tokenWarnings];
  const isa: X12Segment = { id: 'ISA', elements: scan.elements, number: 1 };
  const isa12 = (scan.elements[12] ?? '').trim();

  /** A fault that loses data unless the caller tolerates it for this sender. */
  const strict = (tolerance: X12Tolerance, segmentNumber: number, reason: StrictReason, description: string, segmentId?: string) => {
    if (!tolerated.has(tolerance)) throw new X12Error(segmentNumber, reason, description, segmentId);
    warnings.push({ segmentNumber, code: reason, message: `${description} (tolerated)` });
  };

  const groups: X12FunctionalGroup[] = [];
  let group: X12FunctionalGroup | null = null;
  let transaction: X12Transaction | null = null;
  let iea: X12Segment | null = null;

  const closeGroup = (at: number, ge: X12Segment | null) => {
    if (!group) return;
    if (!ge) {
      strict('MISSING_TRAILER', at, 'MISSING_TRAILER', 'the functional group has no GE trailer');
    } else {
      const declared = countOf(element(ge, 1));
      if (declared !== group.transactions.length) {
        strict('COUNT_MISMATCH', ge.number, 'TRANSACTION_COUNT_MISMATCH', 'GE01 does not match the number of transaction sets in the group', 'GE');
      }
      if (!sameControlNumber(element(ge, 2), group.controlNumber)) {
        warnings.push({ segmentNumber: ge.number, code: 'CONTROL_NUMBER_MISMATCH', message: 'GE02 differs from GS06' });
      }
    }
    group.ge = ge;
    group = null;
  };

  for (const segment of segments) {
    if (iea) throw new X12Error(segment.number, 'CONTENT_AFTER_IEA', 'segments follow the IEA interchange trailer');
    if (transaction && segment.id !== 'SE') {
      if (segment.id === 'ST' || segment.id === 'GS' || segment.id === 'GE' || segment.id === 'IEA' || segment.id === 'ISA') {
        throw new X12Error(segment.number, 'MISSING_SE', 'the transaction set has no SE trailer before this envelope segment', segment.id);
      }
      transaction.segments.push(segment);
      continue;
    }
    switch (segment.id) {
      case 'GS':
        closeGroup(segment.number, null);
        group = {
          functionalId: element(segment, 1),
          senderCode: element(segment, 2),
          receiverCode: element(segment, 3),
          controlNumber: element(segment, 6),
          version: optionalElement(segment, 8),
          gs: segment,
          ge: null,
          transactions: [],
        };
        groups.push(group);
        if (group.version === null) {
          warnings.push({ segmentNumber: segment.number, code: 'MISSING_VERSION', message: 'GS08 (version / implementation reference) is missing' });
        }
        break;
      case 'ST':
        if (!group) throw new X12Error(segment.number, 'UNEXPECTED_SEGMENT', 'a transaction set starts outside a functional group', 'ST');
        transaction = {
          setId: element(segment, 1),
          controlNumber: element(segment, 2),
          implementationReference: optionalElement(segment, 3) ?? group.version,
          segments: [segment],
          groupIndex: groups.length - 1,
        };
        break;
      case 'SE': {
        if (!transaction || !group) throw new X12Error(segment.number, 'UNEXPECTED_SEGMENT', 'an SE trailer without a transaction set', 'SE');
        transaction.segments.push(segment);
        if (countOf(element(segment, 1)) !== transaction.segments.length) {
          strict('COUNT_MISMATCH', segment.number, 'SEGMENT_COUNT_MISMATCH', 'SE01 does not match the number of segments in the transaction set', 'SE');
        }
        if (!sameControlNumber(element(segment, 2), transaction.controlNumber)) {
          warnings.push({ segmentNumber: segment.number, code: 'CONTROL_NUMBER_MISMATCH', message: 'SE02 differs from ST02' });
        }
        warnings.push(...checkTransaction(group, transaction, isa12));
        group.transactions.push(transaction);
        transaction = null;
        break;
      }
      case 'GE':
        if (!group) throw new X12Error(segment.number, 'UNEXPECTED_SEGMENT', 'a GE trailer without a functional group', 'GE');
        closeGroup(segment.number, segment);
        break;
      case 'IEA': {
        closeGroup(segment.number, null);
        iea = segment;
        if (countOf(element(segment, 1)) !== groups.length) {
          strict('COUNT_MISMATCH', segment.number, 'GROUP_COUNT_MISMATCH', 'IEA01 does not match the number of functional groups', 'IEA');
        }
        if (!sameControlNumber(element(segment, 2), element(isa, 13))) {
          warnings.push({ segmentNumber: segment.number, code: 'CONTROL_NUMBER_MISMATCH', message: 'IEA02 differs from ISA13' });
        }
        break;
      }
      default:
        throw new X12Error(segment.number, 'UNEXPECTED_SEGMENT', 'a segment appears outside a transaction set');
    }
  }

  const end = (segments[segments.length - 1]?.number ?? 1) + 1;
  if (transaction) throw new X12Error(end, 'MISSING_SE', 'the input ends inside a transaction set (truncated: no SE trailer)');
  if (!iea) {
    closeGroup(end, null);
    strict('MISSING_TRAILER', end, 'MISSING_TRAILER', 'the input ends without an IEA interchange trailer');
  }
  // Group-level findings are raised once per transaction of the group: keep one of each.
  const seen = new Set<string>();
  const unique = warnings
    .filter((w) => {
      const key = `${w.segmentNumber}|${w.code}|${w.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => a.segmentNumber - b.segmentNumber);

  return {
    delimiters: scan.delimiters,
    header: {
      senderQualifier: element(isa, 5),
      senderId: element(isa, 6).trim(),
      receiverQualifier: element(isa, 7),
      receiverId: element(isa, 8).trim(),
      date: element(isa, 9),
      time: element(isa, 10),
      version: isa12,
      controlNumber: element(isa, 13).trim(),
      usageIndicator: element(isa, 15),
    },
    isa,
    iea,
    groups,
    warnings: unique,
    segmentCount: segments.length + 1,
  };
};
