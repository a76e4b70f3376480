import { z } from 'zod';
import type { AdapterConfigShape, SourceAdapter, SourceKind } from './source-adapter';

/** A kind's adapters as its registry holds them: any adapter name and config of that kind. */
export type AdapterOfKind<Kind extends SourceKind> = SourceAdapter<Kind, string, z.ZodType<AdapterConfigShape<Kind, string>>>;

type NonEmpty<T> = readonly [T, ...T[]];

/** The adapters' config schemas, position by position: what z.discriminatedUnion needs to stay exact. */
type ConfigSchemas<Adapters extends NonEmpty<{ configSchema: z.core.$ZodTypeDiscriminable }>> = {
  -readonly [Index in keyof Adapters]: Adapters[Index]['configSchema'];
};

type Discriminable = { configSchema: z.core.$ZodTypeDiscriminable };

/** What the runtime needs of a registry: the adapter a parsed source names (parsing guarantees there is one). */
export interface AdapterLookup<Kind extends SourceKind> {
  readonly kind: Kind;
  adapterFor(config: AdapterConfigShape<Kind, string>): AdapterOfKind<Kind>;
}

export interface AdapterRegistry<Kind extends SourceKind, Adapters extends NonEmpty<Discriminable>> extends AdapterLookup<Kind> {
  readonly adapters: Adapters;
  /** Sources of this kind: a union discriminated by `adapter`, so a bad field is named exactly. */
  readonly configSchema: z.ZodDiscriminatedUnion<ConfigSchemas<Adapters>, 'adapter'>;
}

/** Builds a kind's registry from its adapters (one line each in adapters/<kind>/registry.ts). */
export function adapterRegistry<Kind extends SourceKind, const Adapters extends NonEmpty<AdapterOfKind<Kind> & Discriminable>>(
  kind: Kind,
  adapters: Adapters,
): AdapterRegistry<Kind, Adapters> {
  const byName = new Map<string, AdapterOfKind<Kind>>();
  for (const adapter of adapters) {
    if (adapter.kind !== kind) throw new Error(`adapter ${adapter.adapter} is a ${adapter.kind} adapter, not ${kind}`);
    if (byName.has(adapter.adapter)) throw new Error(`two ${kind} adapters named ${adapter.adapter}`);
    byName.set(adapter.adapter, adapter);
  }
  // Array.map forgets tuple positions; ConfigSchemas restores exactly what the map produces.
  const schemas = adapters.map((adapter) => adapter.configSchema) as ConfigSchemas<Adapters>;
  return {
    kind,
    adapters,
    configSchema: z.discriminatedUnion('adapter', schemas),
    adapterFor(config) {
      const adapter = byName.get(config.adapter);
      if (!adapter) throw new Error(`no ${kind} adapter named ${config.adapter}`);
      return adapter;
    },
  };
}
