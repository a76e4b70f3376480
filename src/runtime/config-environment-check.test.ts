import { exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import exampleProduction from '../../config/example.production.json';
import sandboxJson from '../../config/sandbox.json';
import { ConfigProblems, parseConfig } from '../../config/parse-config';
import { systemClock } from '../ports/clock';
import { checkConfigEnvironment } from './config-environment-check';
import { resolveSandboxUrls } from './resolve-sandbox-urls';

const privateJwk = async (alg: 'ES256' | 'ES384' | 'RS384', extra: Record<string, unknown> = {}): Promise<string> =>
  JSON.stringify({ ...(await exportJWK((await generateKeyPair(alg, { extractable: true })).privateKey)), kid: `${alg.toLowerCase()}-1`, alg, ...extra });

const problemsOf = async (raw: unknown, env: Record<string, string>): Promise<Record<string, string>> => {
  const problems = new ConfigProblems();
  await checkConfigEnvironment(parseConfig(raw), { env: (name) => env[name], clock: systemClock }, problems);
  return Object.fromEntries(problems.list.map((problem) => [problem.path, problem.message]));
};

let keys: { es256: string; es384: string; rs384: string };
let complete: Record<string, string>;
beforeAll(async () => {
  keys = { es256: await privateJwk('ES256'), es384: await privateJwk('ES384'), rs384: await privateJwk('RS384') };
  complete = {
    CAREGATE_KEY_HASH_SECRET: 'hash-secret',
    CAREGATE_SIGNING_KEY_2026_11: keys.es256,
    CAREGATE_SIGNING_KEY_2026_08: await privateJwk('ES256'),
    EPIC_BACKEND_PRIVATE_JWK: keys.es384,
    ORACLE_HEALTH_BACKEND_PRIVATE_JWK: keys.rs384,
  };
});

describe('checkConfigEnvironment: every problem of a config with its environment at once', () => {
  it('lists every unset secret with its field path', async () => {
    expect(await problemsOf(exampleProduction, {})).toEqual({
      keyHashSecret: 'environment variable CAREGATE_KEY_HASH_SECRET is not set',
      'signingKeys[0].privateJwk': 'environment variable CAREGATE_SIGNING_KEY_2026_11 is not set',
      'signingKeys[1].privateJwk': 'environment variable CAREGATE_SIGNING_KEY_2026_08 is not set',
      'sources[0].auth.privateJwk': 'environment variable EPIC_BACKEND_PRIVATE_JWK is not set',
      'sources[1].auth.privateJwk': 'environment variable ORACLE_HEALTH_BACKEND_PRIVATE_JWK is not set',
    });
  });

  it('passes with every secret set to a key of the right algorithm', async () => {
    expect(await problemsOf(exampleProduction, complete)).toEqual({});
  });

  it('names the source and variable of a SMART key of the wrong algorithm, and the variable of a gateway key that is not ES256', async () => {
    const problems = await problemsOf(exampleProduction, { ...complete, EPIC_BACKEND_PRIVATE_JWK: keys.es256, CAREGATE_SIGNING_KEY_2026_08: keys.es384 });
    expect(problems).toEqual({
      'signingKeys[1].privateJwk': 'CAREGATE_SIGNING_KEY_2026_08 holds an EC P-384 key (alg ES384); gateway signing keys are ES256 (EC P-256)',
      'sources[0].auth.privateJwk':
        '(source epic-prod, EPIC_BACKEND_PRIVATE_JWK) holds an EC P-256 key (alg ES256); SMART Backend Services need alg RS384 (RSA) or ES384 (EC P-384)',
    });
  });

  it('refuses SMART keys that could not sign a client assertion, and says why without the key', async () => {
    const { d: _d, ...publicOnly } = JSON.parse(keys.es384) as Record<string, unknown>;
    const cases: [string, RegExp][] = [
      ['not json', /does not hold JWK JSON/],
      [JSON.stringify(publicOnly), /holds a public key/],
      [await privateJwk('RS384', { kid: undefined }), /needs a kid/],
      [await privateJwk('ES384', { alg: 'RS384' }), /an EC P-384 key \(alg RS384\)/],
      [JSON.stringify({ ...(JSON.parse(keys.es384) as object), alg: undefined }), /\(no alg\)/],
    ];
    for (const [value, message] of cases) {
      const problems = await problemsOf(exampleProduction, { ...complete, ORACLE_HEALTH_BACKEND_PRIVATE_JWK: value });
      expect(Object.keys(problems)).toEqual(['sources[1].auth.privateJwk']);
      expect(problems['sources[1].auth.privateJwk']).toMatch(message);
      expect(problems['sources[1].auth.privateJwk']).toContain('source oracle-health-prod, ORACLE_HEALTH_BACKEND_PRIVATE_JWK');
      if (value.startsWith('{')) expect(problems['sources[1].auth.privateJwk']).not.toContain(String((JSON.parse(value) as { x?: string }).x));
    }
  });

  it('goes through every kind of source the registries build (eligibility and ride secrets too)', async () => {
    const sandbox = resolveSandboxUrls(parseConfig(sandboxJson), new Proxy({}, { get: () => 'http://127.0.0.1:9' }));
    const problems = new ConfigProblems();
    await checkConfigEnvironment(sandbox, { env: () => undefined, clock: systemClock }, problems);
    const paths = problems.list.map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['sources[1].password', 'sources[3].clientSecret', 'sources[3].webhookSecret']));
    // Only the unset variables: an adapter failing on the placeholder of an unset secret is not reported again.
    expect(problems.list.every((problem) => /^environment variable [A-Z0-9_]+ is not set$/.test(problem.message))).toBe(true);
  });
});
