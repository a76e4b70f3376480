import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { buildWorkerBundle } from '../../scripts/worker-bundle';
import { createJsonLogger } from '../../src/observability/json-logger';
import { startNodeGateway } from '../../src/runtime/start-node-gateway';
import { startSandboxSimulators } from '../../src/runtime/sandbox';
import { graphqlContractCases } from '../shared/graphql-contract-cases';
import type {} from '../shared/provided-context';

/**
 * Node side of the workerd test run (vitest.workers.config.ts): bundles the Worker with wrangler
 * (the artifact `wrangler deploy` would upload), starts the sandbox simulators on loopback for
 * it to call (workerd reaches 127.0.0.1 in local mode), and answers the shared GraphQL contract
 * cases with the Node gateway so the workerd tests can compare answers.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // One directory per run: several test runs may share this working tree.
  const outdir = `.wrangler/test-bundle-${process.pid}`;
  const [bundle, simulators] = await Promise.all([buildWorkerBundle({ outdir }), startSandboxSimulators()]);
  const gateway = await startNodeGateway({
    env: {},
    port: 0,
    simulators,
    logger: createJsonLogger({ level: 'error', write: () => {} }),
    auditSink: { write: async () => {} },
  });
  try {
    const target = { publicUrl: gateway.container.config.publicUrl, fetch: (path: string, init?: RequestInit) => fetch(`${gateway.url}${path}`, init) };
    const nodeAnswers: Record<string, unknown> = {};
    for (const contractCase of graphqlContractCases) nodeAnswers[contractCase.name] = await contractCase.run(target);
    project.provide('nodeAnswers', nodeAnswers);
  } finally {
    await gateway.close();
    // The Node gateway aimed the ride simulators' webhooks at itself; it is gone now.
    simulators.detachGateway();
  }
  project.provide('workerBundlePath', bundle.path);
  project.provide('sandboxUrls', simulators.urls);
  project.provide('sandboxSecrets', simulators.secrets);
  return async () => {
    await simulators.close();
    await rm(outdir, { recursive: true, force: true });
  };
}
