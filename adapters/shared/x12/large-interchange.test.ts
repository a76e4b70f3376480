import { describe, expect, it } from 'vitest';
import { benchX12Parse } from '../../../scripts/bench-x12';
import { allTransactions } from './interchange';
import { interpret271All } from './interpret-271';
import { readInterchange } from './read-interchange';
import { buildSynthetic271, buildSynthetic271OfSize } from '../../../test/helpers/synthetic-271';

describe('a 5 MB interchange', () => {
  const text = buildSynthetic271OfSize(5 * 1024 * 1024);

  it('is read and interpreted completely, as text and as bytes', () => {
    expect(text.length).toBeGreaterThan(5 * 1024 * 1024);
    const interchange = readInterchange(new TextEncoder().encode(text));
    const transactions = allTransactions(interchange);
    expect(interchange.warnings).toEqual([]);
    expect(transactions.length).toBeGreaterThan(250);
    expect(interchange.segmentCount).toBe(text.split('~').length - 1);

    const responses = interpret271All(text);
    expect(responses).toHaveLength(transactions.length);
    const last = responses[responses.length - 1]!;
    expect(last.status).toBe('ACTIVE');
    expect(last.traceNumber).toBe(`SYN-TRACE-${transactions.length}`);
    expect(last.benefits).toHaveLength(201);
    expect(last.benefits[1]).toMatchObject({ kind: { code: 'B' }, amount: { amountMinor: 2000, currency: 'USD' }, network: 'IN_NETWORK', messages: ['OFFICE VISIT COPAY'] });
    expect(last.benefits[2]).toMatchObject({ kind: { code: 'A' }, percent: 0.2, network: 'OUT_OF_NETWORK' });
    expect(responses.every((r) => r.warnings.length === 0)).toBe(true);
  });

  it('one transaction with 20 000 EB segments is fine too', () => {
    const [response] = interpret271All(buildSynthetic271({ transactions: 1, benefitsPerTransaction: 20_000 }));
    expect(response?.benefits).toHaveLength(20_001);
    expect(response?.benefits[20_000]?.dates).toHaveLength(1);
  });
});

describe('benchX12Parse', () => {
  it('reports throughput over the largest fixture', async () => {
    const result = await benchX12Parse({ totalBytes: 256 * 1024 });
    expect(result.bytes).toBeGreaterThanOrEqual(256 * 1024);
    expect(result.mbPerSecond).toBeGreaterThan(0);
  });
});
