/**
 * Segments are arrays of element strings. The reader rewrites each file's own component and
 * repetition separators to these two control characters, which the X12 character sets
 * exclude from data, so an element can be split without knowing the file's delimiters.
 */
export const COMPONENT_SEPARATOR = '\u001F';
export const REPETITION_SEPARATOR = '\u001E';

export interface X12Segment {
  /** Segment identifier, e.g. 'EB'. Same as elements[0]. */
  readonly id: string;
  /** elements[0] is the identifier, elements[n] is element n (EB03 is elements[3]). */
  readonly elements: readonly string[];
  /** 1-based position in the interchange (ISA is 1). */
  readonly number: number;
}

/** Element n of a segment (1-based, as X12 names them); '' when absent. */
export const element = (segment: X12Segment, n: number): string => segment.elements[n] ?? '';

/** Element n, or null when absent or empty. */
export const optionalElement = (segment: X12Segment, n: number): string | null => {
  const value = segment.elements[n];
  return value === undefined || value === '' ? null : value;
};

/** The repetitions of an element ('' gives none). */
export const repetitions = (value: string): string[] => (value === '' ? [] : value.split(REPETITION_SEPARATOR));

/** All components of a composite element. */
export const components = (value: string): string[] => value.split(COMPONENT_SEPARATOR);

/** Component i (1-based: EB13-1 is component(eb13, 1)); '' when absent. */
export const component = (value: string, i: number): string => components(value)[i - 1] ?? '';
