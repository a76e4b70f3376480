import { buildWorkerBundle, kib, WORKER_GZIP_BUDGET_BYTES } from './worker-bundle';

/**
 * `npm run build:worker` (CI runs it): bundles the Worker as `wrangler deploy` would, prints its
 * size, and fails when the gzipped bundle is over budget. A small bundle keeps cold starts short
 * (workerd parses and compiles the whole script before the first request).
 */
const bundle = await buildWorkerBundle({ outdir: '.wrangler/dist' });
const verdict = bundle.gzipBytes <= WORKER_GZIP_BUDGET_BYTES ? 'within' : 'OVER';
console.log(`worker bundle: ${kib(bundle.bytes)}, gzip ${kib(bundle.gzipBytes)} (${verdict} the ${kib(WORKER_GZIP_BUDGET_BYTES)} budget) -> ${bundle.path}`);
if (bundle.gzipBytes > WORKER_GZIP_BUDGET_BYTES) process.exit(1);
