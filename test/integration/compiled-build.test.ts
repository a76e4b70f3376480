import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, projectRoot, type NodeBuild } from '../../scripts/node-build';

/**
 * `npm run build && npm run start:prod` as the runtime image lays it out: a folder with only
 * package.json, node_modules and dist/ (no sources, no tsx loader), the entry started with plain
 * `node` and NODE_ENV=production. No CAREGATE_CONFIG, so the sandbox config (mode comes from the
 * config, not NODE_ENV): every simulator, the FHIR data and the sandbox keys must come from dist/.
 */
let image: string;
let build: NodeBuild;
let child: ChildProcess | undefined;

beforeAll(async () => {
  image = mkdtempSync(join(tmpdir(), 'caregate-image-'));
  copyFileSync(join(projectRoot, 'package.json'), join(image, 'package.json'));
  symlinkSync(join(projectRoot, 'node_modules'), join(image, 'node_modules'), 'dir');
  build = await buildNode({ outdir: join(image, 'dist') });
});
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (image) rmSync(image, { recursive: true, force: true });
});

async function startCompiled(): Promise<{ base: string; authorization: string; stderr: () => string }> {
  child = spawn(process.execPath, [relative(image, build.entry)], {
    cwd: image,
    env: { PATH: process.env['PATH'], NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 15_000;
  while (!/Authorization: (Bearer \S+)/.test(stderr)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the compiled gateway did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const port = /listening on http:\/\/localhost:(\d+)\//.exec(stderr)?.[1];
  return { base: `http://127.0.0.1:${port}`, authorization: /Authorization: (Bearer \S+)/.exec(stderr)?.[1] as string, stderr: () => stderr };
}

describe('the compiled Node build', () => {
  it('compiles the entry and the sandbox simulators into dist/ in a few seconds', () => {
    expect(build.milliseconds).toBeLessThan(10_000);
    expect(existsSync(build.entry)).toBe(true);
    expect(existsSync(join(image, 'dist/adapters/ehr/fhir-r4/sandbox.js'))).toBe(true);
    expect(existsSync(join(image, 'dist/adapters/ehr/fhir-r4/simulator/data/Patient.000.ndjson'))).toBe(true);
    expect(existsSync(join(image, 'dist/config/sandbox.json'))).toBe(true);
  });

  it('serves /healthz, /readyz and a sandbox query with plain node, then drains and exits 0 on SIGTERM', async () => {
    const { base, authorization, stderr } = await startCompiled();
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = (await (await fetch(`${base}/readyz`)).json()) as { status: string; checks: Record<string, string> };
    expect(ready.status).toBe('ready');
    // Every sandbox simulator was loaded from dist/ by its folder and answers.
    expect(Object.values(ready.checks)).toEqual(['up', 'up', 'up', 'up', 'up']);

    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: '{ viewer { id } patients(search: { family: "Jast432" }) { edges { node { name { family } } } } }' }),
    });
    const body = (await response.json()) as { data?: { viewer: { id: string }; patients: { edges: { node: { name: { family: string }[] } }[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.viewer.id).toBe('sandbox-internal');
    expect(body.data?.patients.edges[0]?.node.name[0]?.family).toBe('Jast432'); // the FHIR data files came along

    const exited = once(child as ChildProcess, 'exit');
    child?.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(stderr()).toContain('SIGTERM: draining in-flight requests');
  }, 30_000);
});
