import type { SourceKind } from './source-adapter';

/** A simulator serving on loopback (Node only). */
export interface StartedSimulator {
  readonly url: string;
  /**
   * More loopback hosts it serves, by their own `sandbox://<name>`: a vendor whose token endpoint
   * lives on another host than its API (Uber's auth.uber.com) gets a second server, so a token
   * URL pointed at the API host fails as it would against the vendor.
   */
  readonly hosts?: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** Ride simulators send signed status webhooks: the sandbox aims them at the gateway once it listens. */
export interface StartedRideSimulator extends StartedSimulator {
  webhookUrl: string | null;
}

export type StartedSimulatorOfKind<Kind extends SourceKind> = Kind extends 'rides' ? StartedRideSimulator : StartedSimulator;

/**
 * An adapter's sandbox upstream, exported as `sandboxSimulator` from `adapters/<kind>/<adapter>/sandbox.ts`.
 * That file is found by its path (the Node sandbox loads it when the config names the adapter with a
 * `sandbox://<name>` URL) and never imported by runtime code, so simulators stay out of the Worker bundle.
 */
export interface SandboxSimulator<Kind extends SourceKind = SourceKind, Started extends StartedSimulatorOfKind<Kind> = StartedSimulatorOfKind<Kind>> {
  readonly kind: Kind;
  /** The adapter it simulates (its registry name, which is also its folder name). */
  readonly adapter: string;
  /** `sandbox://<name>` in config is this simulator's loopback URL. */
  readonly name: string;
  /** Sandbox-only secrets the sandbox config names (`{"env": ...}`), so the sandbox needs no credentials. */
  readonly secrets: Readonly<Record<string, string>>;
  start(): Promise<Started>;
}

/** Infers the started simulator's own type, so tests reach its knobs through `SandboxSimulators.of`. */
export const defineSandboxSimulator = <Kind extends SourceKind, Started extends StartedSimulatorOfKind<Kind>>(
  simulator: SandboxSimulator<Kind, Started>,
): SandboxSimulator<Kind, Started> => simulator;
