import type { SandboxSimulator } from '../../adapters/shared/sandbox-simulator';
import type { SourceKind } from '../../adapters/shared/source-adapter';

const isSandboxSimulator = (value: unknown): value is SandboxSimulator =>
  typeof value === 'object' &&
  value !== null &&
  'kind' in value &&
  'adapter' in value &&
  'name' in value &&
  typeof value.name === 'string' &&
  'secrets' in value &&
  typeof value.secrets === 'object' &&
  'start' in value &&
  typeof value.start === 'function';

/** `.ts` when run from source (tsx, vitest), `.js` from the compiled tree (scripts/node-build.ts keeps the layout). */
const moduleExtension = import.meta.url.slice(import.meta.url.lastIndexOf('.'));

/**
 * The sandbox simulator of one adapter: `sandboxSimulator` of `adapters/<kind>/<adapter>/sandbox.ts`.
 * Found by that path rather than listed in a second registry, so a new vendor is its folder plus one
 * line in its kind's registry; and loaded only here (Node), so no runtime import reaches a simulator.
 */
export async function loadSandboxSimulator(kind: SourceKind, adapter: string): Promise<SandboxSimulator> {
  // Registry names are lower-case words with dashes; anything else must not become a path.
  if (!/^[a-z0-9][a-z0-9-]*$/.test(adapter)) throw new Error(`not an adapter name: "${adapter}"`);
  const path = new URL(`../../adapters/${kind}/${adapter}/sandbox${moduleExtension}`, import.meta.url);
  const module: unknown = await import(/* @vite-ignore */ path.href).catch((error: unknown) => {
    throw new Error(`the ${kind} adapter ${adapter} has no sandbox simulator (adapters/${kind}/${adapter}/sandbox.ts)`, { cause: error });
  });
  const simulator = typeof module === 'object' && module !== null && 'sandboxSimulator' in module ? module.sandboxSimulator : undefined;
  if (!isSandboxSimulator(simulator) || simulator.kind !== kind || simulator.adapter !== adapter) {
    throw new Error(`adapters/${kind}/${adapter}/sandbox.ts must export sandboxSimulator for the ${kind} adapter ${adapter}`);
  }
  return simulator;
}
