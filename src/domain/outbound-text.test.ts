import { describe, expect, it } from 'vitest';
import { outboundText, outboundTextProblem } from './outbound-text';

const x12 = { min: 2, max: 10, charset: 'x12' } as const;
const vendor = { min: 1, max: 20, charset: 'vendor' } as const;

describe('outbound text rules', () => {
  it('X12: printable ASCII, not the delimiters * ~ ^ :, no control characters, accents or edge spaces', () => {
    for (const ok of ["O'Brien-Sm", 'A1 B2.C3', 'ab@#$%&()']) expect(outboundTextProblem(ok, x12), ok).toBeNull();
    for (const bad of ['AB*C', 'AB~C', 'AB^C', 'AB:C', 'AB\u0007', 'AB\u0000C', 'AB\tC', 'Jos\u00e9', ' AB', 'AB ', 'A', 'A'.repeat(11)]) {
      expect(outboundTextProblem(bad, x12), JSON.stringify(bad)).toMatch(/^must be 2-10 characters/);
    }
  });

  it('vendor: any script, punctuation and symbols; no control, line-break or invisible format characters', () => {
    for (const ok of ['Gate 3, blue awning', 'José Núñez', '北京路 12号', 'Apt #4 – rear']) expect(outboundTextProblem(ok, vendor), ok).toBeNull();
    for (const bad of ['line\nbreak', 'bell\u0007', 'zero\u200bwidth', 'bidi\u202eedoc', 'del\u007f', ' lead', 'trail ', '', 'x'.repeat(21)]) {
      expect(outboundTextProblem(bad, vendor), JSON.stringify(bad)).not.toBeNull();
    }
  });

  it('never quotes the value in the problem', () => {
    expect(outboundTextProblem('SECRET\u0007', x12)).not.toContain('SECRET');
  });

  it('as a zod schema, refuses with the same rule and keeps the value unchanged', () => {
    expect(outboundText(vendor).parse('Gate 3')).toBe('Gate 3');
    expect(outboundText(vendor).safeParse('Gate\u00003').success).toBe(false);
  });
});
