/**
 * A small Prometheus registry (counters, gauges, histograms) rendered in the text exposition
 * format 0.0.4. Hand-written because prom-client, the usual choice, pulls in Node-only parts
 * (cluster, perf_hooks, process) and this must also run on Workers; no installed library
 * covers it. Only what /metrics needs: no summaries, no exemplars, no timestamps.
 */
export type Labels = Readonly<Record<string, string>>;

export interface Counter {
  inc(labels?: Labels, value?: number): void;
}

export interface Gauge {
  set(labels: Labels, value: number): void;
}

export interface Histogram {
  /** Records one observation (seconds for durations). */
  observe(labels: Labels, value: number): void;
}

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  labelNames: readonly string[];
  render(): string[];
}

/** Default latency buckets in seconds: 5 ms to 20 s (the CAQH CORE real-time limit). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20] as const;

/** Beyond this many label combinations a metric folds new ones into one overflow series (label values "_other"). */
const MAX_SERIES = 2000;
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

const formatNumber = (value: number): string => {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
};

const labelText = (names: readonly string[], values: readonly string[], extra?: [string, string]): string => {
  const pairs = names.map((name, index) => `${name}="${escapeLabel(values[index] ?? '')}"`);
  if (extra) pairs.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
};

/** Series storage keyed by label values in label-name order, with the cardinality cap. */
class SeriesMap<V> {
  private readonly series = new Map<string, { values: string[]; data: V }>();
  constructor(
    private readonly labelNames: readonly string[],
    private readonly create: () => V,
  ) {}

  get(labels: Labels | undefined): V {
    let values = this.labelNames.map((name) => labels?.[name] ?? '');
    let key = JSON.stringify(values);
    let entry = this.series.get(key);
    if (!entry && this.series.size >= MAX_SERIES) {
      values = this.labelNames.map(() => '_other');
      key = JSON.stringify(values);
      entry = this.series.get(key);
    }
    if (!entry) {
      entry = { values, data: this.create() };
      this.series.set(key, entry);
    }
    return entry.data;
  }

  entries(): { values: string[]; data: V }[] {
    return [...this.series.values()];
  }
}

export class MetricsRegistry {
  private readonly families = new Map<string, Family>();
  private readonly collectors: (() => void)[] = [];

  private register(family: Family): void {
    if (!NAME.test(family.name)) throw new Error(`invalid metric name ${family.name}`);
    if (this.families.has(family.name)) throw new Error(`metric ${family.name} registered twice`);
    this.families.set(family.name, family);
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    const series = new SeriesMap(labelNames, () => ({ value: 0 }));
    this.register({
      name,
      help,
      type: 'counter',
      labelNames,
      render: () => series.entries().map(({ values, data }) => `${name}${labelText(labelNames, values)} ${formatNumber(data.value)}`),
    });
    return {
      inc(labels, value = 1) {
        if (value < 0) throw new Error(`counter ${name} cannot go down`);
        series.get(labels).value += value;
      },
    };
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    const series = new SeriesMap(labelNames, () => ({ value: 0 }));
    this.register({
      name,
      help,
      type: 'gauge',
      labelNames,
      render: () => series.entries().map(({ values, data }) => `${name}${labelText(labelNames, values)} ${formatNumber(data.value)}`),
    });
    return {
      set(labels, value) {
        series.get(labels).value = value;
      },
    };
  }

  histogram(name: string, help: string, labelNames: readonly string[] = [], buckets: readonly number[] = LATENCY_BUCKETS): Histogram {
    const bounds = [...buckets].sort((a, b) => a - b);
    const series = new SeriesMap(labelNames, () => ({ counts: bounds.map(() => 0), sum: 0, count: 0 }));
    this.register({
      name,
      help,
      type: 'histogram',
      labelNames,
      render: () =>
        series.entries().flatMap(({ values, data }) => {
          // Stored per bucket; the format wants cumulative counts.
          let cumulative = 0;
          const lines = bounds.map((bound, index) => {
            cumulative += data.counts[index] ?? 0;
            return `${name}_bucket${labelText(labelNames, values, ['le', formatNumber(bound)])} ${cumulative}`;
          });
          lines.push(`${name}_bucket${labelText(labelNames, values, ['le', '+Inf'])} ${data.count}`);
          lines.push(`${name}_sum${labelText(labelNames, values)} ${formatNumber(data.sum)}`);
          lines.push(`${name}_count${labelText(labelNames, values)} ${data.count}`);
          return lines;
        }),
    });
    return {
      observe(labels, value) {
        const data = series.get(labels);
        const index = bounds.findIndex((bound) => value <= bound);
        if (index >= 0) data.counts[index] = (data.counts[index] ?? 0) + 1;
        data.sum += value;
        data.count += 1;
      },
    };
  }

  /** Runs before every render: gauges read at scrape time (Redis up, breaker states, memory). */
  onCollect(collect: () => void): void {
    this.collectors.push(collect);
  }

  /** The whole registry as Prometheus text (Content-Type `text/plain; version=0.0.4`). */
  render(): string {
    for (const collect of this.collectors) collect();
    const out: string[] = [];
    for (const family of this.families.values()) {
      out.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`, ...family.render());
    }
    return `${out.join('\n')}\n`;
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
