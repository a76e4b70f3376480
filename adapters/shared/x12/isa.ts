import { X12Error, type X12Warning } from './x12-error';

export interface X12Delimiters {
  element: string;
  /** ISA11 from version 00402 on; null in 4010 envelopes (ISA11 is then a standards id). */
  repetition: string | null;
  component: string;
  segment: string;
}

export interface IsaScan {
  delimiters: X12Delimiters;
  /** ['ISA', ISA01 ... ISA16], raw (ISA11 and ISA16 are the delimiters themselves). */
  elements: string[];
  /** Index in the text just after the ISA's segment terminator. */
  end: number;
  warnings: X12Warning[];
}

/** ISA05/ISA07 interchange id qualifiers (X12 I05). '00' and blanks are the usual mistakes. */
const isaQualifiers = new Set([
  '01', '02', '03', '04', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20',
  '21', '22', '23', '24', '25', '26', '27', '28', '29', '30', '31', '32', '33', '34', '35', '36', '37', '38',
  'AM', 'NR', 'SA', 'SN', 'ZZ',
]);

/** A fixed-width ISA is 106 characters; its terminator sits at index 105. */
const ISA_TERMINATOR_INDEX = 105;
/** How far we look for the 16 element separators before calling the ISA malformed. */
const ISA_SCAN_LIMIT = 400;

const isAsciiPunctuationOrControl = (ch: string): boolean => {
  const code = ch.charCodeAt(0);
  if (ch.length !== 1 || code === 0 || code > 0x7e) return false;
  return !/[A-Za-z0-9 ]/.test(ch);
};

const isWhitespace = (ch: string) => ch === '\t' || ch === '\r' || ch === '\n';

/** Element, component and repetition separators may not be whitespace: pretty-printing is stripped. */
const isInnerDelimiter = (ch: string) => isAsciiPunctuationOrControl(ch) && !isWhitespace(ch);
/** The terminator may be CR or LF (some senders end segments with a newline). */
const isTerminator = (ch: string) => isAsciiPunctuationOrControl(ch) && ch !== '\t';

export const scanIsa = (text: string, start: number): IsaScan => {
  if (!text.startsWith('ISA', start)) {
    throw new X12Error(1, 'NOT_X12', 'the input does not start with an ISA interchange header');
  }
  const element = text[start + 3];
  if (element === undefined) throw new X12Error(1, 'ISA_TRUNCATED', 'the interchange header is truncated', 'ISA');
  if (!isInnerDelimiter(element)) {
    throw new X12Error(1, 'BAD_DELIMITER', 'the element separator is not a valid delimiter character', 'ISA');
  }

  let found = 0;
  let position = start + 3;
  const limit = Math.min(text.length, start + ISA_SCAN_LIMIT);
  while (found < 16) {
    position = text.indexOf(element, found === 0 ? position : position + 1);
    if (position === -1 || position >= limit) {
      const reason = limit === text.length ? 'ISA_TRUNCATED' : 'NOT_X12';
      throw new X12Error(1, reason, 'the interchange header does not have 16 elements', 'ISA');
    }
    found++;
  }
  const component = text[position + 1];
  const segment = text[position + 2];
  if (component === undefined || segment === undefined) {
    throw new X12Error(1, 'ISA_TRUNCATED', 'the interchange header is truncated', 'ISA');
  }
  if (!isInnerDelimiter(component)) {
    throw new X12Error(1, 'BAD_DELIMITER', 'the component separator (ISA16) is not a valid delimiter character', 'ISA');
  }
  if (!isTerminator(segment)) {
    throw new X12Error(1, 'BAD_DELIMITER', 'the segment terminator is not a valid delimiter character', 'ISA');
  }
  if (component === element || segment === element || segment === component) {
    throw new X12Error(1, 'DELIMITER_CLASH', 'the element separator, component separator and segment terminator are not distinct', 'ISA');
  }

  const elements = text.slice(start, position + 2).split(element);
  const warnings: X12Warning[] = [];
  const version = elements[12] ?? '';
  const isa11 = elements[11] ?? '';
  let repetition: string | null = null;
  // ISA11 became the repetition separator in version 00402; before that it is the standards id 'U'.
  if (/^\d{5}$/.test(version) && version >= '00402') {
    if (isa11.length === 1 && isInnerDelimiter(isa11)) {
      if (isa11 === element || isa11 === component || isa11 === segment) {
        throw new X12Error(1, 'DELIMITER_CLASH', 'the repetition separator (ISA11) equals another delimiter', 'ISA');
      }
      repetition = isa11;
    } else {
      warnings.push({ segmentNumber: 1, code: 'NO_REPETITION_SEPARATOR', message: 'ISA11 is not a delimiter although ISA12 is 00402 or later; repetitions are not split' });
    }
  }

  if (position + 2 - start !== ISA_TERMINATOR_INDEX || elements.length !== 17) {
    warnings.push({ segmentNumber: 1, code: 'ISA_NOT_FIXED_WIDTH', message: 'the ISA is not the fixed 106 characters wide' });
  }
  for (const n of [5, 7]) {
    if (!isaQualifiers.has((elements[n] ?? '').trim())) {
      warnings.push({ segmentNumber: 1, code: 'ISA_QUALIFIER', message: `ISA0${n} is not a valid interchange id qualifier` });
    }
  }
  return { delimiters: { element, repetition, component, segment }, elements, end: position + 3, warnings };
};
