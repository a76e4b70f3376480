import type { MetricsRegistry } from '../observability/metrics-registry';

/** Node-only process gauges (resident memory, heap), read at scrape time; the registry itself stays runtime-neutral. */
export function registerNodeProcessMetrics(registry: MetricsRegistry): void {
  const rss = registry.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.');
  const heap = registry.gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.');
  registry.onCollect(() => {
    const usage = process.memoryUsage();
    rss.set({}, usage.rss);
    heap.set({}, usage.heapUsed);
  });
}
