import type { z } from 'zod';
import type { SecretRef } from '../../config/schema-parts';
import type { Clock } from '../../src/ports/clock';
import type { EhrPort } from '../../src/ports/ehr-port';
import type { EligibilityPort } from '../../src/ports/eligibility-port';
import type { RidePort } from '../../src/ports/ride-port';
import type { Store } from '../../src/ports/store';
import type { FetchFn } from '../../src/ports/fetch';

/** The source kinds and the port each kind's adapters build. */
export interface PortsByKind {
  ehr: EhrPort;
  eligibility: EligibilityPort;
  rides: RidePort;
}
export type SourceKind = keyof PortsByKind;

/** What the runtime hands an adapter when it builds one source's port. */
export interface SourceAdapterDeps {
  /** This source's own fetch (circuit breaker, bulkhead, metrics, logs). */
  fetch: FetchFn;
  clock: Clock;
  /**
   * The shared Store (Redis, Durable Objects, or memory; values sealed at rest), for what an
   * adapter must share across instances, e.g. a rotated OAuth refresh token. Reads take a schema.
   */
  store: Store;
  /**
   * Reads a secret reference of this source; `field` is its path inside the source
   * (`clientSecret`, `auth.token`), so a missing variable is a ConfigError naming `sources[i].<field>`.
   */
  secret(ref: SecretRef, field: string): string;
}

/** The source config shape every adapter schema parses to: its kind and its own name. */
export interface AdapterConfigShape<Kind extends SourceKind = SourceKind, Name extends string = string> {
  kind: Kind;
  adapter: Name;
}

/**
 * One adapter, described once in its folder and listed in its kind's registry: the registry
 * composes the config schema from these and the runtime builds ports with `create`. Worker-safe
 * (no simulator here: that is the folder's sandbox.ts, loaded by the Node sandbox only).
 */
export interface SourceAdapter<
  Kind extends SourceKind = SourceKind,
  Name extends string = string,
  Schema extends z.ZodType<AdapterConfigShape<Kind, Name>> = z.ZodType<AdapterConfigShape<Kind, Name>>,
> {
  readonly kind: Kind;
  readonly adapter: Name;
  /** The kind's base schema (config/source-bases.ts) extended with `adapter` and this adapter's fields. */
  readonly configSchema: Schema;
  /**
   * Builds the port of one source. A method, not a function property, on purpose: a registry
   * holds adapters of several config types under one entry type (method parameters are
   * bivariant), and the registry pairs each config with the adapter its `adapter` field names.
   */
  create(config: z.output<Schema>, deps: SourceAdapterDeps): PortsByKind[Kind];
}

/** Infers an adapter's types from its literal (`kind`, `adapter`, schema), so `create` sees its exact config. */
export const defineSourceAdapter = <Kind extends SourceKind, Name extends string, Schema extends z.ZodType<AdapterConfigShape<Kind, Name>>>(
  adapter: SourceAdapter<Kind, Name, Schema>,
): SourceAdapter<Kind, Name, Schema> => adapter;
