/*
 * The four handler bundles under test. Ours are projen's (`npx projen bundle` writes assets/);
 * the baseline is built here with the same esbuild settings as .projenrc.ts's handler bundles
 * (node platform, node24 target, CommonJS, ES module builds of the packages first, minified,
 * nothing external). The probes that drive the handlers are bundled too, unminified, with
 * node_modules left to Node.
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { build, BuildOptions } from 'esbuild';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
/** Under bench/results/ (git-ignored) so built probes resolve node_modules from the project. */
export const BUILD_DIR = path.join(PROJECT_ROOT, 'bench', 'results', 'build');

export type Implementation = 'ours' | 'baseline';
export type HandlerKind = 'ingress' | 'worker';
export const IMPLEMENTATIONS: readonly Implementation[] = ['ours', 'baseline'];

/** Ours first on even runs, the baseline first on odd ones, so drift in the machine's load reaches both alike. */
export function inRunOrder(run: number): Implementation[] {
  return run % 2 === 0 ? [...IMPLEMENTATIONS] : [...IMPLEMENTATIONS].reverse();
}

export interface HandlerBundle {
  readonly implementation: Implementation;
  readonly kind: HandlerKind;
  readonly file: string;
  readonly bytes: number;
}

/** The same options projen passes to esbuild for lambda/*.lambda.ts (see .projen/tasks.json bundle:*). */
const HANDLER_BUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  // The packages' ES module builds first (tree-shakeable), as .projenrc.ts's `--main-fields`.
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: false,
  external: [],
  tsconfig: path.join(PROJECT_ROOT, 'tsconfig.dev.json'),
  logLevel: 'warning',
};

function ourBundleFile(kind: HandlerKind): string {
  // The path src/functions/<kind>-function.ts deploys (Code.fromAsset of assets/lambda/<kind>/<kind>.lambda).
  return path.join(PROJECT_ROOT, 'assets', 'lambda', kind, `${kind}.lambda`, 'index.js');
}

function describe(implementation: Implementation, kind: HandlerKind, file: string): HandlerBundle {
  if (!existsSync(file)) {
    throw new Error(`${file} does not exist: run \`npx projen bundle\` first (\`npx projen bench\` does it for you).`);
  }
  return { implementation, kind, file, bytes: statSync(file).size };
}

export async function buildBaselineBundle(kind: HandlerKind): Promise<HandlerBundle> {
  const outfile = path.join(BUILD_DIR, `baseline-${kind}`, 'index.js');
  await build({ ...HANDLER_BUILD_OPTIONS, entryPoints: [path.join(PROJECT_ROOT, 'bench', 'baseline', `${kind}.ts`)], outfile });
  return describe('baseline', kind, outfile);
}

/** A consumer's in-process worker (createWorker from lib/runtime), bundled as a user would (the handlers' esbuild settings). */
export async function buildInProcessWorkerBundle(): Promise<HandlerBundle> {
  const outfile = path.join(BUILD_DIR, 'ours-in-process-worker', 'index.js');
  await build({ ...HANDLER_BUILD_OPTIONS, entryPoints: [path.join(PROJECT_ROOT, 'bench', 'probes', 'in-process-worker.ts')], outfile });
  return describe('ours', 'worker', outfile);
}

export async function handlerBundles(): Promise<Record<Implementation, Record<HandlerKind, HandlerBundle>>> {
  return {
    ours: { ingress: describe('ours', 'ingress', ourBundleFile('ingress')), worker: describe('ours', 'worker', ourBundleFile('worker')) },
    baseline: { ingress: await buildBaselineBundle('ingress'), worker: await buildBaselineBundle('worker') },
  };
}

/** Bundles bench/probes/<name>.ts to a plain script a child `node` can run. */
export async function buildProbe(name: string): Promise<string> {
  const outfile = path.join(BUILD_DIR, 'probes', `${name}.js`);
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    entryPoints: [path.join(PROJECT_ROOT, 'bench', 'probes', `${name}.ts`)],
    outfile,
    tsconfig: path.join(PROJECT_ROOT, 'tsconfig.dev.json'),
    logLevel: 'warning',
  });
  return outfile;
}
