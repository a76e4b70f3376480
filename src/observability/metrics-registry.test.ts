import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../test/helpers/prometheus-text';
import { createGatewayMetrics } from './gateway-metrics';
import { MetricsRegistry } from './metrics-registry';

describe('metrics registry (Prometheus text format)', () => {
  it('renders counters, gauges and cumulative histograms that a strict parser accepts', () => {
    const registry = new MetricsRegistry();
    const calls = registry.counter('test_calls_total', 'Calls.', ['source']);
    const up = registry.gauge('test_up', 'Up.');
    const latency = registry.histogram('test_seconds', 'Latency.', ['source'], [0.1, 1]);
    calls.inc({ source: 'a' });
    calls.inc({ source: 'a' }, 2);
    calls.inc({ source: 'b' });
    up.set({}, 1);
    latency.observe({ source: 'a' }, 0.05);
    latency.observe({ source: 'a' }, 0.5);
    latency.observe({ source: 'a' }, 5);

    const text = registry.render();
    const parsed = parsePrometheusText(text);
    expect(parsed.types.get('test_seconds')).toBe('histogram');
    expect(parsed.value('test_calls_total', { source: 'a' })).toBe(3);
    expect(parsed.value('test_calls_total')).toBe(4);
    expect(parsed.value('test_up')).toBe(1);
    expect(text).toContain('test_seconds_bucket{source="a",le="0.1"} 1\n');
    expect(text).toContain('test_seconds_bucket{source="a",le="1"} 2\n');
    expect(text).toContain('test_seconds_bucket{source="a",le="+Inf"} 3\n');
    expect(parsed.value('test_seconds_sum', { source: 'a' })).toBeCloseTo(5.55);
  });

  it('escapes label values and refuses a counter going down or a duplicate family', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('test_total', 'With "quotes".', ['op']);
    counter.inc({ op: 'a"b\\c\nd' });
    const parsed = parsePrometheusText(registry.render());
    expect(parsed.samples[0]?.labels['op']).toBe('a"b\\c\nd');
    expect(() => counter.inc({ op: 'x' }, -1)).toThrow(/cannot go down/);
    expect(() => registry.gauge('test_total', 'again')).toThrow(/twice/);
  });

  it('folds partner-chosen operation names beyond the cap and invalid ones, so label cardinality stays bounded', () => {
    const metrics = createGatewayMetrics();
    for (let i = 0; i < 250; i++) metrics.request({ partnerId: 'p', operation: `Op${i}`, outcome: 'ok', durationSeconds: 0.01 });
    metrics.request({ partnerId: 'p', operation: 'not valid!', outcome: 'ok', durationSeconds: 0.01 });
    const parsed = parsePrometheusText(metrics.registry.render());
    const operations = new Set(parsed.samples.filter((s) => s.name === 'caregate_graphql_requests_total').map((s) => s.labels['operation']));
    expect(operations.size).toBe(202); // 200 kept + "other" + "invalid"
    expect(parsed.value('caregate_graphql_requests_total', { operation: 'other' })).toBe(50);
    expect(parsed.value('caregate_graphql_requests_total', { operation: 'invalid' })).toBe(1);
  });

  it('shows one breaker state per source as a 0/1 enum and counts transitions', () => {
    const metrics = createGatewayMetrics();
    metrics.circuitCreated('ehr');
    let parsed = parsePrometheusText(metrics.registry.render());
    expect(parsed.value('caregate_circuit_state', { source: 'ehr', state: 'closed' })).toBe(1);
    expect(parsed.value('caregate_circuit_transitions_total')).toBe(0);
    metrics.circuitChanged('ehr', 'open');
    parsed = parsePrometheusText(metrics.registry.render());
    expect(parsed.value('caregate_circuit_state', { source: 'ehr', state: 'open' })).toBe(1);
    expect(parsed.value('caregate_circuit_state', { source: 'ehr', state: 'closed' })).toBe(0);
    expect(parsed.value('caregate_circuit_transitions_total', { source: 'ehr', state: 'open' })).toBe(1);
  });
});
