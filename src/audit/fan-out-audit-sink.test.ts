import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../observability/json-logger';
import type { AuditEvent, AuditSink } from '../ports/audit-sink';
import { createFanOutAuditSink } from './fan-out-audit-sink';

const event: AuditEvent = {
  time: '2030-01-15T09:00:00.000Z',
  requestId: 'req-12345678',
  partnerId: 'sandbox-internal',
  operationName: 'FindPatient',
  action: 'read',
  resourceType: 'Patient',
  resourceIds: ['UGF0aWVudDpzYW5kYm94LWVocjox'],
  sourceId: 'sandbox-ehr',
  outcome: 'success',
};

const collecting = () => {
  const events: AuditEvent[] = [];
  return { events, sink: { write: async (e: AuditEvent) => void events.push(e) } satisfies AuditSink };
};
const broken: AuditSink = { write: async () => Promise.reject(new Error('down')) };

describe('fan-out audit sink', () => {
  it('writes every event to every target', async () => {
    const [a, b] = [collecting(), collecting()];
    const logs: string[] = [];
    const sink = createFanOutAuditSink([{ name: 'a', sink: a.sink, required: true }, { name: 'b', sink: b.sink, required: false }], createJsonLogger({ level: 'info', write: (l) => logs.push(l) }));
    await sink.write(event);
    expect(a.events).toEqual([event]);
    expect(b.events).toEqual([event]);
    expect(logs).toEqual([]);
  });

  it('fails when a required target fails', async () => {
    const other = collecting();
    const sink = createFanOutAuditSink([{ name: 'primary', sink: broken, required: true }, { name: 'copy', sink: other.sink, required: false }], createJsonLogger({ level: 'error', write: () => {} }));
    await expect(sink.write(event)).rejects.toThrow('down');
  });

  it('logs a best-effort failure, without the event, and succeeds', async () => {
    const primary = collecting();
    const logs: string[] = [];
    const sink = createFanOutAuditSink([{ name: 'primary', sink: primary.sink, required: true }, { name: 'redis-stream', sink: broken, required: false }], createJsonLogger({ level: 'info', write: (l) => logs.push(l) }));
    await sink.write(event);
    expect(primary.events).toEqual([event]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('"sink":"redis-stream"');
    expect(logs[0]).not.toContain(event.resourceIds[0]);
  });

  it('refuses a set of targets where none is required', () => {
    expect(() => createFanOutAuditSink([{ name: 'x', sink: broken, required: false }], createJsonLogger({ level: 'error' }))).toThrow();
  });
});
