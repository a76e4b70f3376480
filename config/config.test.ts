import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import exampleProduction from './example.production.json';
import sandbox from './sandbox.json';
import { type ConfigError, jsonSchemaOfConfig, parseConfig } from './parse-config';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('config', () => {
  it('accepts the sandbox and the example production config', () => {
    expect(parseConfig(sandbox).partners.map((p) => p.id)).toEqual(['sandbox-internal', 'sandbox-payer', 'sandbox-payer-b', 'sandbox-rides']);
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

  it('takes "*" (every payer) only alone in payerIds', () => {
    const withPayerIds = (payerIds: string[]) => {
      const config = clone(sandbox) as { partners: { payerIds?: string[] }[] };
      (config.partners[1] as { payerIds?: string[] }).payerIds = payerIds;
      return config;
    };
    expect(parseConfig(withPayerIds(['*'])).partners[1]?.payerIds).toEqual(['*']);
    expect(() => parseConfig(withPayerIds(['*', 'SANDBOX-PAYER-1']))).toThrowError(/partners\[1\]\.payerIds: "\*" \(every payer\) stands alone/);
    expect(() => parseConfig(withPayerIds(['']))).toThrowError(/partners\[1\]\.payerIds\[0\]/);
  });

  it('refuses sandbox-only material in production', () => {
    const bad = { ...clone(sandbox), mode: 'production' };
    expect(() => parseConfig(bad)).toThrowError(/signingKeys\[0\]\.privateJwk: the sandbox signing key is refused in production/);
    expect(() => parseConfig(bad)).toThrowError(/sources\[0\]\.baseUrl: sandbox:\/\/ URLs are sandbox-only/);
    expect(() => parseConfig(bad)).toThrowError(/sources\[4\]\.tokenUrl: sandbox:\/\/ URLs are sandbox-only/);
    expect(() => parseConfig(bad)).toThrowError(/keyHashSecret: required in production/);
  });

  it('refuses inline secrets where a secret reference is required', () => {
    const bad = clone(exampleProduction) as { sources: { auth: { privateJwk: unknown } }[] };
    (bad.sources[0] as { auth: { privateJwk: unknown } }).auth.privateJwk = '{"kty":"EC","d":"secret"}';
    expect(() => parseConfig(bad)).toThrowError(/sources\[0\]\.auth/);
  });

  it('checks the fields of each adapter at parse time, with the field path', () => {
    const errorOf = (mutate: (sources: Record<string, unknown>[]) => void): string => {
      const bad = clone(sandbox) as { sources: Record<string, unknown>[] };
      mutate(bad.sources);
      try {
        parseConfig(bad);
        return '';
      } catch (error) {
        return (error as ConfigError).message;
      }
    };
    // x12-core needs its CORE account (this was a runtime error before the registry).
    expect(errorOf((sources) => delete sources[1]?.['username'])).toMatch(/sources\[1\]\.username: /);
    expect(errorOf((sources) => delete sources[1]?.['password'])).toMatch(/sources\[1\]\.password: /);
    // An adapter's fields do not leak to the others of its kind.
    expect(errorOf((sources) => Object.assign(sources[2] ?? {}, { senderId: 'X' }))).toMatch(/sources\[2\]: Unrecognized key: "senderId"/);
    expect(errorOf((sources) => Object.assign(sources[3] ?? {}, { organizationId: 'org' }))).toMatch(/sources\[3\]: Unrecognized key: "organizationId"/);
    expect(errorOf((sources) => delete sources[2]?.['clientSecret'])).toMatch(/sources\[2\]\.clientSecret: clientId and clientSecret go together/);
    // Unknown adapters and kinds name the registered ones.
    expect(errorOf((sources) => Object.assign(sources[3] ?? {}, { adapter: 'no-such-vendor' }))).toMatch(/sources\[3\]\.adapter: .*'lyft' \| 'uber-health'/);
    expect(errorOf((sources) => Object.assign(sources[0] ?? {}, { kind: 'pharmacy' }))).toMatch(/sources\[0\]\.kind: .*'ehr' \| 'eligibility' \| 'rides'/);
  });

  it('emits a JSON Schema with the exact source fields of each adapter', () => {
    const schema = jsonSchemaOfConfig() as { properties: { sources: { items: { oneOf: { oneOf: { properties: Record<string, { const?: string }>; required?: string[] }[] }[] } } } };
    const adapters = schema.properties.sources.items.oneOf.flatMap((kind) => kind.oneOf);
    const byName = new Map(adapters.map((adapter) => [adapter.properties['adapter']?.const, adapter]));
    expect([...byName.keys()]).toEqual(expect.arrayContaining(['fhir-r4', 'x12-core', 'eligibility-json', 'lyft', 'uber-health']));
    expect(byName.get('x12-core')?.required).toEqual(expect.arrayContaining(['username', 'password']));
    expect(Object.keys(byName.get('uber-health')?.properties ?? {})).toContain('organizationId');
    expect(Object.keys(byName.get('lyft')?.properties ?? {})).not.toContain('organizationId');
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
