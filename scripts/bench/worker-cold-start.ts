import { rm } from 'node:fs/promises';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { startSandboxSimulators } from '../../src/runtime/sandbox';
import { sandboxAccessToken } from '../../test/shared/sandbox-tokens';
import { buildWorkerBundle } from '../worker-bundle';

export interface WorkerColdStart {
  runs: number;
  gzipBytes: number;
  /** new Miniflare() until workerd listens (process start; not part of a cold start on Cloudflare). */
  runtimeReadyMs: number;
  /** workerd ready until the first GraphQL answer: script evaluation, container build, the request. */
  firstRequestMs: number;
  /** new Miniflare() until the first GraphQL answer. */
  totalMs: number;
  /** The next identical request on the warm isolate. */
  warmRequestMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * Cold start of the Worker in workerd: the bundle `wrangler deploy` would upload, wrangler.toml's
 * bindings, one authenticated GraphQL request (`viewer`: the whole gateway is built, no upstream
 * call). Each run starts a fresh Miniflare (a fresh workerd and isolate); medians are reported.
 */
export async function measureWorkerColdStart(runs = 5): Promise<WorkerColdStart> {
  const outdir = `.wrangler/bench-bundle-${process.pid}`;
  const bundle = await buildWorkerBundle({ outdir });
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  const simulators = await startSandboxSimulators();
  const samples = { ready: [] as number[], first: [] as number[], total: [] as number[], warm: [] as number[] };
  try {
    const token = await sandboxAccessToken('http://localhost:8787', 'sandbox-internal', ['patient.read']);
    const viewer = () => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const mf = new Miniflare({
        ...workerOptions,
        modules: true,
        scriptPath: bundle.path,
        bindings: { ...(workerOptions.bindings as Record<string, unknown> | undefined), LOG_LEVEL: 'error', SANDBOX_URLS: JSON.stringify(simulators.urls), ...simulators.secrets },
      });
      try {
        await mf.ready;
        const ready = performance.now();
        const first = await mf.dispatchFetch('http://localhost:8787/graphql', viewer());
        if (!first.ok) throw new Error(`cold request answered ${first.status}: ${await first.text()}`);
        await first.arrayBuffer();
        const answered = performance.now();
        await (await mf.dispatchFetch('http://localhost:8787/graphql', viewer())).arrayBuffer();
        samples.ready.push(ready - started);
        samples.first.push(answered - ready);
        samples.total.push(answered - started);
        samples.warm.push(performance.now() - answered);
      } finally {
        await mf.dispose();
      }
    }
  } finally {
    await simulators.close();
    await rm(outdir, { recursive: true, force: true });
  }
  return {
    runs,
    gzipBytes: bundle.gzipBytes,
    runtimeReadyMs: median(samples.ready),
    firstRequestMs: median(samples.first),
    totalMs: median(samples.total),
    warmRequestMs: median(samples.warm),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await measureWorkerColdStart(Number(process.argv[2] ?? 5)));
