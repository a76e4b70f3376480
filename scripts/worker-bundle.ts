import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Cloudflare's limit on a paid plan's compressed Worker is 10 MiB; ours is far stricter, for cold starts. */
export const WORKER_GZIP_BUDGET_BYTES = 1024 * 1024;

export interface WorkerBundle {
  /** The bundled entry module wrangler would upload. */
  path: string;
  bytes: number;
  gzipBytes: number;
}

const projectRoot = resolve(new URL('..', import.meta.url).pathname);

/**
 * Bundles the Worker exactly as `wrangler deploy` would (its own esbuild step, wrangler.toml's
 * settings, no upload) into `outdir`, and measures it. Needs no network or Cloudflare account.
 * Run scripts/build-schema.ts first (npm scripts do).
 */
export async function buildWorkerBundle(options: { outdir: string; env?: string }): Promise<WorkerBundle> {
  const args = ['deploy', '--dry-run', '--outdir', options.outdir, ...(options.env ? ['--env', options.env] : [])];
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(join(projectRoot, 'node_modules/.bin/wrangler'), args, {
      cwd: projectRoot,
      // No telemetry or update checks: the build must work offline.
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', fail);
    child.on('exit', done);
  });
  if (code !== 0) throw new Error(`wrangler deploy --dry-run failed (exit ${code}):\n${output.join('')}`);
  const path = join(resolve(projectRoot, options.outdir), 'worker.js');
  const source = await readFile(path);
  return { path, bytes: source.length, gzipBytes: gzipSync(source, { level: 9 }).length };
}

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
