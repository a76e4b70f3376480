import { createSchema, createYoga } from 'graphql-yoga';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestGate, type TestGate } from '../../../test/helpers/partner-gate';
import { parsePrometheusText } from '../../../test/helpers/prometheus-text';
import { GatewayError } from '../../domain/errors';
import { createGatewayMetrics } from '../../observability/gateway-metrics';
import type { GraphqlServerContext } from '../server-context';
import { useMetrics } from './use-metrics';
import { usePartnerAuth } from './use-partner-auth';
import { useRequestId } from './use-request-id';

let testGate: TestGate;
const metrics = createGatewayMetrics();
let yoga: ReturnType<typeof createYoga<GraphqlServerContext>>;

beforeAll(async () => {
  testGate = await createTestGate({ extraPartners: (base) => [{ ...base, id: 'limited', rateLimit: { perSecond: 0.001, burst: 1 } }] });
  yoga = createYoga<GraphqlServerContext>({
    schema: createSchema({
      typeDefs: 'type Query { ok: Boolean, broken: Boolean }',
      resolvers: { Query: { ok: () => true, broken: () => { throw new GatewayError('BAD_INPUT', 'nope'); } } },
    }),
    plugins: [useRequestId(), usePartnerAuth(testGate.gate), useMetrics(metrics)],
    logging: false,
  });
});

const post = (query: string, headers: Record<string, string> = {}) =>
  yoga.fetch('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

describe('useMetrics', () => {
  it('counts requests by partner, operation and outcome, refusals included', async () => {
    const internal = await testGate.bearer('sandbox-internal');
    await post('query Fine { ok }', internal);
    await post('query Fine { ok }', internal);
    await post('query Broken { broken }', internal);
    expect((await post('{ ok }')).status).toBe(401);
    const limited = await testGate.bearer('limited');
    await post('query Fine { ok }', limited);
    expect((await post('query Fine { ok }', limited)).status).toBe(429);

    const scraped = parsePrometheusText(metrics.registry.render());
    expect(scraped.value('caregate_graphql_requests_total', { partner: 'sandbox-internal', operation: 'Fine', outcome: 'ok' })).toBe(2);
    expect(scraped.value('caregate_graphql_requests_total', { partner: 'sandbox-internal', operation: 'Broken', outcome: 'error' })).toBe(1);
    expect(scraped.value('caregate_graphql_errors_total', { code: 'BAD_INPUT' })).toBe(1);
    expect(scraped.value('caregate_graphql_requests_total', { partner: 'unauthenticated', outcome: 'unauthenticated' })).toBe(1);
    expect(scraped.value('caregate_graphql_requests_total', { partner: 'limited', outcome: 'ok' })).toBe(1);
    expect(scraped.value('caregate_graphql_requests_total', { outcome: 'rate_limited' })).toBe(1);
    expect(scraped.value('caregate_graphql_request_duration_seconds_count', { partner: 'sandbox-internal', operation: 'Fine' })).toBe(2);
  });
});
