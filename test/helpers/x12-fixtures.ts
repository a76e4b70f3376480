import { readFileSync, readdirSync } from 'node:fs';

/** Test-only access to test/fixtures/x12 (bytes, exactly as stored). */
const directory = new URL('../fixtures/x12/', import.meta.url);

/** A plain Uint8Array copy: Buffer#slice shares memory, and a test that mutates bytes must not touch the source. */
export const fixture = (name: string): Uint8Array => Uint8Array.from(readFileSync(new URL(name, directory)));
export const fixtureText = (name: string): string => new TextDecoder('latin1').decode(fixture(name));
export const fixtureNames = (): string[] => readdirSync(directory).filter((name) => name.endsWith('.edi')).sort();
