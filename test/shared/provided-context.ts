/**
 * What the workerd test run's Node-side global setup (test/helpers/workers-global-setup.ts)
 * hands to the tests running inside workerd, through vitest's provide/inject.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Simulator name -> loopback URL of the sandbox simulators (Node, started once per run). */
    sandboxUrls: Record<string, string>;
    /** The sandbox-only secrets the sandbox config names. */
    sandboxSecrets: Record<string, string>;
    /** The Worker as wrangler bundles it for deploy (wrangler deploy --dry-run --outdir). */
    workerBundlePath: string;
    /** Each shared GraphQL contract case's normalised answer from the Node gateway. */
    nodeAnswers: Record<string, unknown>;
  }
}

export {};
