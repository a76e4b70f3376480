/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: every sample
 * line must belong to a family declared by # HELP and # TYPE, label syntax must be exact, and
 * histogram buckets must be cumulative and end at +Inf == _count. Throws on anything else.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
  /** Sum of the samples of `name` whose labels include `match`. */
  value(name: string, match?: Record<string, string>): number;
}

const METRIC = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;

const parseLabels = (text: string, line: string): Record<string, string> => {
  const labels: Record<string, string> = {};
  const inner = text.slice(1, -1);
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < inner.length) {
    const match = LABEL.exec(inner);
    if (!match) throw new Error(`bad labels in: ${line}`);
    const [, name = '', raw = ''] = match;
    labels[name] = raw.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  }
  return labels;
};

const parseValue = (text: string, line: string): number => {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`bad value in: ${line}`);
  return value;
};

const familyOf = (name: string, types: Map<string, string>): string | undefined => {
  if (types.has(name)) return name;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && types.get(base) === 'histogram') return base;
  }
  return undefined;
};

export function parsePrometheusText(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) {
      helps.add(line.split(' ')[2] ?? '');
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [, , name = '', type = ''] = line.split(' ');
      if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(type)) throw new Error(`bad type: ${line}`);
      if (types.has(name)) throw new Error(`family declared twice: ${name}`);
      types.set(name, type);
      continue;
    }
    if (line.startsWith('#')) continue;
    const match = METRIC.exec(line);
    if (!match) throw new Error(`unparseable line: ${line}`);
    const [, name = '', labelText, valueText = ''] = match;
    const family = familyOf(name, types);
    if (!family || !helps.has(family)) throw new Error(`sample without HELP/TYPE: ${line}`);
    const value = parseValue(valueText, line);
    if (types.get(family) === 'counter' && !(value >= 0)) throw new Error(`negative counter: ${line}`);
    samples.push({ name, labels: labelText ? parseLabels(labelText, line) : {}, value });
  }
  checkHistograms(types, samples);
  const matches = (labels: Record<string, string>, match: Record<string, string>) => Object.entries(match).every(([k, v]) => labels[k] === v);
  return {
    types,
    samples,
    value: (name, match = {}) => samples.filter((s) => s.name === name && matches(s.labels, match)).reduce((sum, s) => sum + s.value, 0),
  };
}

function checkHistograms(types: Map<string, string>, samples: Sample[]): void {
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const sample of samples.filter((s) => s.name === `${family}_bucket`)) {
      const { le: _le, ...rest } = sample.labels;
      const key = JSON.stringify(Object.entries(rest).sort());
      series.set(key, [...(series.get(key) ?? []), sample]);
    }
    for (const [key, buckets] of series) {
      let previous = 0;
      for (const bucket of buckets) {
        if (bucket.value < previous) throw new Error(`${family}: buckets not cumulative`);
        previous = bucket.value;
      }
      const last = buckets[buckets.length - 1];
      if (last?.labels['le'] !== '+Inf') throw new Error(`${family}: last bucket is not +Inf`);
      const count = samples.find((s) => s.name === `${family}_count` && JSON.stringify(Object.entries(s.labels).sort()) === key);
      if (!count || count.value !== last.value) throw new Error(`${family}: +Inf bucket != _count`);
    }
  }
}
