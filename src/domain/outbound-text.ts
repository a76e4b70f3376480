import { z } from 'zod';

/**
 * What text may leave the gateway for an upstream, checked and never rewritten: a value we
 * "clean" (a control character turned into a space, a delimiter dropped, an accent folded) is a
 * different value, and for an identifier that means asking about a different member. So text
 * outside the allowed set, too long, or with spaces at either end is refused, naming the field.
 */

/**
 * X12: the basic and extended character sets (printable ASCII) less the four characters our 270
 * uses as delimiters (element `*`, repetition `^`, component `:`, segment `~`), which would shift
 * every element after them. The clearinghouse JSON API is the same 270 in JSON (converted to X12
 * behind it), so the same set applies there.
 */
const X12_TEXT = /^[\x20-\x29\x2b-\x39\x3b-\x5d\x5f-\x7d]*$/;

/**
 * Ride companies take UTF-8 and show the text to a driver or text it to a rider: letters, marks,
 * digits, punctuation, symbols and plain spaces of any script. No control characters, line
 * breaks, or format characters (zero-width joiners, bidi overrides that make text read other
 * than it is stored).
 */
const VENDOR_TEXT = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]*$/u;

const EDGE_SPACE = /^\s|\s$/;

export type TextCharset = 'x12' | 'vendor';

export interface TextRule {
  min: number;
  max: number;
  charset: TextCharset;
}

const describeCharset = (charset: TextCharset) =>
  charset === 'x12' ? 'printable ASCII except * ~ ^ :' : 'letters, digits, punctuation, symbols and spaces (no control or invisible characters)';

/** Why `value` may not be sent under `rule`, or null when it may. Never quotes the value (it may be PHI). */
export function outboundTextProblem(value: string, rule: TextRule): string | null {
  const fits = value.length >= rule.min && value.length <= rule.max;
  const allowed = (rule.charset === 'x12' ? X12_TEXT : VENDOR_TEXT).test(value) && !EDGE_SPACE.test(value);
  if (fits && allowed) return null;
  return `must be ${rule.min}-${rule.max} characters of ${describeCharset(rule.charset)}, without spaces at either end`;
}

/** The same rule as a zod string schema (for records parsed with zod, e.g. a ride request). */
export const outboundText = (rule: TextRule) =>
  z.string().superRefine((value, context) => {
    const problem = outboundTextProblem(value, rule);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
