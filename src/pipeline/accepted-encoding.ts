/** The encodings CompressionStream offers on Node 20 and Workers alike, in our order of preference. */
export type ContentEncoding = 'gzip' | 'deflate';
const OFFERED: readonly ContentEncoding[] = ['gzip', 'deflate'];

/**
 * The encoding to answer with for this `Accept-Encoding`, or null for none (absent, identity only, or q=0).
 * A client's order and q-values beyond "acceptable or not" are not weighed: gzip is what every client takes.
 */
export function acceptedEncoding(header: string | null): ContentEncoding | null {
  if (!header) return null;
  const acceptable = new Set<string>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) continue;
    acceptable.add(name.trim());
  }
  return OFFERED.find((encoding) => acceptable.has(encoding) || acceptable.has('*')) ?? null;
}
