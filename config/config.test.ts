import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import exampleProduction from './example.production.json';
import sandbox from './sandbox.json';
import { ConfigError, jsonSchemaOfConfig, parseConfig } from './parse-config';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('config', () => {
  it('accepts the sandbox and the example production config', () => {
    expect(parseConfig(sandbox).partners.map((p) => p.id)).toEqual(['sandbox-internal', 'sandbox-payer', 'sandbox-rides']);
    expect(parseConfig(exampleProduction).mode).toBe('production');
  });

  it('names the path of a bad field', () => {
    const bad = clone(sandbox) as { partners: { scopes: string[] }[] };
    (bad.partners[1] as { scopes: string[] }).scopes = ['coverage.read', 'everything'];
    expect(() => parseConfig(bad)).toThrowError(/partners\[1\]\.scopes\[1\]/);
  });

  it('refuses unknown partner sources and duplicate ids', () => {
    const bad = clone(sandbox) as { partners: { id: string; sources: string[] }[] };
    (bad.partners[0] as { sources: string[] }).sources = ['nope'];
    (bad.partners[2] as { id: string }).id = 'sandbox-internal';
    const message = (() => {
      try {
        parseConfig(bad);
        return '';
      } catch (error) {
        return (error as ConfigError).message;
      }
    })();
    expect(message).toMatch(/partners\[0\]\.sources\[0\]: unknown source "nope"/);
    expect(message).toMatch(/partners\[2\]\.id: duplicate partner id/);
  });

  it('refuses sandbox-only material in production', () => {
    const bad = { ...clone(sandbox), mode: 'production' };
    expect(() => parseConfig(bad)).toThrowError(/signingKeys\[0\]\.privateJwk: the sandbox signing key is refused in production/);
    expect(() => parseConfig(bad)).toThrowError(/sources\[0\]\.baseUrl: sandbox:\/\/ URLs are sandbox-only/);
    expect(() => parseConfig(bad)).toThrowError(/keyHashSecret: required in production/);
  });

  it('refuses inline secrets where a secret reference is required', () => {
    const bad = clone(exampleProduction) as { sources: { auth: { privateJwk: unknown } }[] };
    (bad.sources[0] as { auth: { privateJwk: unknown } }).auth.privateJwk = '{"kty":"EC","d":"secret"}';
    expect(() => parseConfig(bad)).toThrowError(/sources\[0\]\.auth/);
  });

  it('emits a JSON Schema that lists partners and sources', () => {
    const schema = jsonSchemaOfConfig() as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['partners', 'sources', 'signingKeys', 'mode']));
  });

  it('npm start refuses a bad config file with the bad field and a non-zero exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caregate-config-'));
    const file = join(dir, 'bad.json');
    const bad = clone(sandbox) as { sources: { timeoutMs: unknown }[] };
    (bad.sources[0] as { timeoutMs: unknown }).timeoutMs = 'soon';
    writeFileSync(file, JSON.stringify(bad));
    const run = promisify(execFile)('npx', ['tsx', 'src/runtime/node.ts'], { env: { ...process.env, CAREGATE_CONFIG: file, PORT: '0' } });
    const failure = await run.then(() => null, (error: { code: number; stderr: string }) => error);
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/sources\[0\]\.timeoutMs/);
    expect(failure?.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});
