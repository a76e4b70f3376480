import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';

/**
 * `npm run config:check` and `npm start` as an operator runs them: every problem of the config
 * and its environment in one run, not one per restart. Children get a bare environment (PATH
 * only), so nothing of the test runner's environment leaks in.
 */
const run = promisify(execFile);
const bareEnv = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' };

const outcome = async (command: string, args: string[], env: Record<string, string>) =>
  run(command, args, { env: { ...bareEnv, ...env }, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

const EXAMPLE_VARIABLES = [
  'CAREGATE_KEY_HASH_SECRET',
  'CAREGATE_SIGNING_KEY_2026_11',
  'CAREGATE_SIGNING_KEY_2026_08',
  'EPIC_BACKEND_PRIVATE_JWK',
  'ORACLE_HEALTH_BACKEND_PRIVATE_JWK',
];

const privateJwk = async (alg: 'ES256' | 'ES384' | 'RS384'): Promise<string> =>
  JSON.stringify({ ...(await exportJWK((await generateKeyPair(alg, { extractable: true })).privateKey)), kid: `${alg.toLowerCase()}-1`, alg });

describe('npm run config:check', () => {
  it('lists every missing variable of config/example.production.json in one run, with its field, and exits non-zero', async () => {
    const result = await outcome('npm', ['run', '-s', 'config:check', '--', 'config/example.production.json'], {});
    expect(result.code).not.toBe(0);
    for (const variable of EXAMPLE_VARIABLES) expect(result.stderr).toContain(`environment variable ${variable} is not set`);
    expect(result.stderr).toContain('sources[0].auth.privateJwk: environment variable EPIC_BACKEND_PRIVATE_JWK is not set');
    expect(result.stderr).toContain('config/example.production.json: 5 problems');
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  }, 90_000);

  it('passes once every variable holds a usable value', async () => {
    const env = {
      CAREGATE_KEY_HASH_SECRET: 'a-long-random-hash-secret',
      CAREGATE_SIGNING_KEY_2026_11: await privateJwk('ES256'),
      CAREGATE_SIGNING_KEY_2026_08: await privateJwk('ES256'),
      EPIC_BACKEND_PRIVATE_JWK: await privateJwk('ES384'),
      ORACLE_HEALTH_BACKEND_PRIVATE_JWK: await privateJwk('RS384'),
    };
    const result = await outcome('npx', ['tsx', 'scripts/config-check.ts', 'config/example.production.json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('config/example.production.json: ok (production, 2 sources)');

    // One wrong key and a bad environment value are named with their source and variable, all together.
    const wrong = await outcome('npx', ['tsx', 'scripts/config-check.ts', 'config/example.production.json'], {
      ...env,
      EPIC_BACKEND_PRIVATE_JWK: await privateJwk('ES256'),
      SHUTDOWN_DEADLINE_MS: 'soon',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('SHUTDOWN_DEADLINE_MS: must be a whole number of milliseconds');
    expect(wrong.stderr).toContain('sources[0].auth.privateJwk: (source epic-prod, EPIC_BACKEND_PRIVATE_JWK) holds an EC P-256 key (alg ES256)');
  }, 90_000);

  it('accepts the sandbox config (its simulators provide the sandbox secrets)', async () => {
    const result = await outcome('npx', ['tsx', 'scripts/config-check.ts'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('config/sandbox.json: ok (sandbox');
  }, 90_000);
});

describe('npm start runs the same check', () => {
  it('refuses a production start listing every problem at once: environment values, the sealing key, every secret', async () => {
    const result = await outcome('npx', ['tsx', 'src/runtime/node.ts'], {
      CAREGATE_CONFIG: 'config/example.production.json',
      PORT: '0',
      REDIS_URL: 'redis://',
      REDIS_START_WAIT_MS: 'later',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('REDIS_URL: has no host');
    expect(result.stderr).toContain('REDIS_START_WAIT_MS: must be a whole number of milliseconds');
    expect(result.stderr).toContain('CACHE_ENCRYPTION_KEY is required in production when Redis is configured');
    for (const variable of EXAMPLE_VARIABLES) expect(result.stderr).toContain(`environment variable ${variable} is not set`);
    expect(result.stderr).not.toContain('listening');
  }, 90_000);
});
