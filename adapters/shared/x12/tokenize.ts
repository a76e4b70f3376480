import { COMPONENT_SEPARATOR, REPETITION_SEPARATOR, type X12Segment } from './elements';
import type { IsaScan } from './isa';
import { X12Error, type X12Warning } from './x12-error';

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

/** Bytes as text: UTF-8 when valid (a BOM is dropped), else Latin-1 so no byte is lost. */
export const decodeInput = (input: string | Uint8Array): string => {
  if (typeof input === 'string') return input;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    // By hand, not TextDecoder('latin1'): Workers only promise UTF-8 decoders.
    let text = '';
    for (let i = 0; i < input.length; i += 8192) text += String.fromCharCode(...input.subarray(i, i + 8192));
    return text;
  }
};

/** Skips a BOM and whitespace/NUL padding before the ISA. */
export const skipLeadingNoise = (text: string): number => {
  let i = 0;
  while (i < text.length && /[\uFEFF\s\0]/.test(text[i] as string)) i++;
  return i;
};

const isPadding = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;
/** What may trail the last terminator: whitespace, NULs, a DOS end-of-file mark. */
// eslint-disable-next-line no-control-regex -- DOS tools end X12 files with SUB (0x1A); it is data here
const TRAILING_NOISE = /^[\s\0\u001A]*$/;

const segmentNumberAt = (body: string, terminator: string, index: number): number =>
  body.slice(0, index).split(terminator).length + 1;

/**
 * Splits everything after the ISA into segments. Pretty-printing (CR/LF, indentation after a
 * terminator) is dropped; the file's component and repetition separators become the
 * canonical ones from `elements.ts` in a single pass.
 */
export const tokenize = (text: string, isa: IsaScan): { segments: X12Segment[]; warnings: X12Warning[] } => {
  const { element, component, repetition, segment: terminator } = isa.delimiters;
  const body = text.slice(isa.end);
  const warnings: X12Warning[] = [];

  for (const canonical of [COMPONENT_SEPARATOR, REPETITION_SEPARATOR]) {
    const isDelimiter = canonical === component || canonical === repetition || canonical === element || canonical === terminator;
    const index = isDelimiter ? -1 : body.indexOf(canonical);
    if (index !== -1) {
      throw new X12Error(segmentNumberAt(body, terminator, index), 'CONTROL_CHARACTER', 'a control character that is not a delimiter appears in the data');
    }
  }
  const mapped = [component, repetition].filter((ch): ch is string => ch !== null);
  const needsMapping = component !== COMPONENT_SEPARATOR || (repetition !== null && repetition !== REPETITION_SEPARATOR);
  const pattern = new RegExp(`[${mapped.map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`, 'g');
  const toCanonical = (ch: string) => (ch === component ? COMPONENT_SEPARATOR : REPETITION_SEPARATOR);
  const hasMappedChar = (part: string) => mapped.some((ch) => part.includes(ch));

  const parts = body.split(terminator);
  const segments: X12Segment[] = [];
  let number = 2;
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i] as string;
    let from = 0;
    while (from < part.length && isPadding(part.charCodeAt(from))) from++;
    let to = part.length;
    while (to > from && (part.charCodeAt(to - 1) === 10 || part.charCodeAt(to - 1) === 13)) to--;
    if (from === to) continue;
    part = from === 0 && to === part.length ? part : part.slice(from, to);

    if (i === parts.length - 1) {
      if (TRAILING_NOISE.test(part)) break;
      warnings.push({ segmentNumber: number, code: 'UNTERMINATED_SEGMENT', message: 'the last segment has no segment terminator' });
      // eslint-disable-next-line no-control-regex -- as TRAILING_NOISE
      part = part.replace(/[\s\0\u001A]+$/, '');
    }
    const elements = part.split(element);
    // Mapped per element, after splitting, so a control-character terminator or element
    // separator can never collide with the canonical separators.
    if (needsMapping && hasMappedChar(part)) {
      for (let e = 1; e < elements.length; e++) elements[e] = (elements[e] as string).replace(pattern, toCanonical);
    }
    const id = elements[0] as string;
    if (!SEGMENT_ID.test(id)) {
      throw new X12Error(number, 'INVALID_SEGMENT_ID', 'the segment does not start with a valid segment identifier');
    }
    segments.push({ id, elements, number });
    number++;
  }
  return { segments, warnings };
};
