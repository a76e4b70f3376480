import { afterAll, beforeAll, describe, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { graphqlContractCases, type GatewayTarget } from '../shared/graphql-contract-cases';

/** The shared request list (also run inside workerd by test/workers) against the Node gateway. */
let simulators: SandboxSimulators;
let gateway: TestGateway;
let target: GatewayTarget;

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({ simulators });
  target = { publicUrl: gateway.container.config.publicUrl, fetch: (path, init) => fetch(`${gateway.url}${path}`, init) };
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

describe('GraphQL contract cases on Node', () => {
  for (const contractCase of graphqlContractCases) {
    it(contractCase.name, async () => {
      contractCase.verify(await contractCase.run(target));
    });
  }
});
