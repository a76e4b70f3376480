/**
 * X12 parse throughput: readInterchange + interpret271All over the largest 271 fixture,
 * repeated until enough bytes went through to time it. Called by the benchmark runner;
 * runnable alone with `npx tsx scripts/bench-x12.ts`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { interpret271All } from '../adapters/shared/x12';
import { buildSynthetic271OfSize } from '../test/helpers/synthetic-271';

const fixtures = fileURLToPath(new URL('../test/fixtures/x12/', import.meta.url));

/** The largest fixture that parses without tolerances (public samples with known faults are skipped). */
const largestFixture = (): Uint8Array => {
  const candidates = readdirSync(fixtures)
    .filter((name) => name.endsWith('.271.edi') || name.endsWith('_271.edi'))
    .map((name) => join(fixtures, name))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  for (const path of candidates) {
    const bytes = readFileSync(path);
    try {
      interpret271All(bytes);
      return bytes;
    } catch {
      // a sample kept for its faults; try the next one
    }
  }
  throw new Error('no parseable 271 fixture');
};

export interface BenchX12Options {
  /** Bytes to push through in total (default 20 MB). */
  totalBytes?: number;
  /** Parse a synthetic interchange of this size instead of the largest fixture. */
  syntheticBytes?: number;
}

export const benchX12Parse = async (options: BenchX12Options = {}): Promise<{ mbPerSecond: number; bytes: number }> => {
  const input = options.syntheticBytes ? new TextEncoder().encode(buildSynthetic271OfSize(options.syntheticBytes)) : largestFixture();
  const target = options.totalBytes ?? 20 * 1024 * 1024;
  interpret271All(input); // warm-up: JIT and code tables
  let bytes = 0;
  const started = performance.now();
  while (bytes < target) {
    interpret271All(input);
    bytes += input.byteLength;
  }
  const seconds = (performance.now() - started) / 1000;
  return { mbPerSecond: bytes / (1024 * 1024) / seconds, bytes };
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fixture = await benchX12Parse();
  const large = await benchX12Parse({ syntheticBytes: 5 * 1024 * 1024, totalBytes: 25 * 1024 * 1024 });
  process.stdout.write(`${JSON.stringify({ fixture, synthetic5MB: large })}\n`);
}
