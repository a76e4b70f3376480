import { build, type Plugin } from 'esbuild';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The Node build (`npm run build`): every module the Node entry and the sandbox simulators can
 * reach, compiled by esbuild one source file to one `.js` file, in the same tree under `outdir`
 * (dist/src/runtime/node.js, dist/adapters/...). npm packages stay imports (the runtime image
 * installs production dependencies), so Node resolves graphql & co. exactly as under tsx.
 *
 * Why one file per module rather than one bundle: the code finds its files by
 * `new URL(..., import.meta.url)` (config/sandbox.json, the FHIR simulator's data/, each adapter's
 * sandbox.ts by its folder). Keeping the tree keeps every one of those paths true in dist/ with no
 * second map to maintain; a new vendor's sandbox.ts and data/ folder are found the same way.
 */
export const projectRoot = resolve(new URL('..', import.meta.url).pathname);
export const NODE_ENTRY = 'src/runtime/node.ts';

/** Files the compiled code reads at run time that no import names. */
const RUNTIME_FILES = ['config/sandbox.json'];

/** `adapters/<kind>/<adapter>/sandbox.ts`: loaded by path (src/runtime/load-sandbox-simulator.ts), so no import leads to them. */
function sandboxEntries(): string[] {
  const adapters = join(projectRoot, 'adapters');
  return readdirSync(adapters, { withFileTypes: true })
    .filter((kind) => kind.isDirectory())
    .flatMap((kind) => readdirSync(join(adapters, kind.name), { withFileTypes: true }).map((adapter) => join('adapters', kind.name, adapter.name, 'sandbox.ts')))
    .filter((path) => existsSync(join(projectRoot, path)));
}

/** Source files (.ts, and JSON that TypeScript imports) reachable from the entries, by a bundling pass that writes nothing. */
async function reachableSources(entries: string[]): Promise<string[]> {
  const { metafile } = await build({
    absWorkingDir: projectRoot,
    entryPoints: entries,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir: 'unused',
    logLevel: 'silent',
  });
  return Object.keys(metafile.inputs).filter((path) => path.endsWith('.ts'));
}

/**
 * Our own relative imports stay imports, rewritten to the compiled file (`./x` -> `./x.js`) as Node
 * ESM needs; JSON imports are inlined into the importing module (Node would ask for `with { type: 'json' }`).
 */
const relativeImportsToJs: Plugin = {
  name: 'relative-imports-to-js',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.kind === 'entry-point' || args.pluginData === 'resolving') return undefined;
      const resolved = await pluginBuild.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
      if (resolved.errors.length > 0 || !resolved.path.endsWith('.ts')) return undefined;
      const target = relative(dirname(args.importer), resolved.path).replace(/\.ts$/, '.js');
      return { path: target.startsWith('.') ? target : `./${target}`, external: true };
    });
  },
};

/** Each compiled module's `data/` folder beside it (read by `new URL('./data/...', import.meta.url)`), and RUNTIME_FILES. */
function copyRuntimeFiles(sources: string[], outdir: string): void {
  const dataFolders = new Set(sources.map((source) => join(dirname(source), 'data')).filter((folder) => existsSync(join(projectRoot, folder))));
  for (const path of [...RUNTIME_FILES, ...dataFolders]) cpSync(join(projectRoot, path), join(outdir, path), { recursive: true });
}

export interface NodeBuild {
  /** The compiled entry: `node <entry>` starts the gateway. */
  entry: string;
  modules: number;
  milliseconds: number;
}

/** Compiles into `outdir` (emptied first). Run scripts/build-schema.ts before (npm scripts do). */
export async function buildNode(options: { outdir: string }): Promise<NodeBuild> {
  const started = performance.now();
  const outdir = resolve(projectRoot, options.outdir);
  rmSync(outdir, { recursive: true, force: true });
  const sources = await reachableSources([NODE_ENTRY, ...sandboxEntries()]);
  await build({
    absWorkingDir: projectRoot,
    entryPoints: sources,
    outdir,
    outbase: '.',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [relativeImportsToJs],
    // Stack traces name the .ts line when started with --enable-source-maps (off by default: it costs memory).
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  copyRuntimeFiles(sources, outdir);
  return { entry: join(outdir, NODE_ENTRY.replace(/\.ts$/, '.js')), modules: sources.length, milliseconds: Math.round(performance.now() - started) };
}
