/*
 * Cold start proxy: a fresh `node` process loads the bundle and runs its module-scope
 * initialisation (configuration, SDK clients), nothing else. Lambda adds its own runtime start
 * and the first invocation on top; those are the same for both implementations or measured elsewhere.
 */
import { HandlerBundle } from './bundles';
import { RESULT_MARKER, runNodeScript } from './child-process';

export interface ColdInitSample {
  /** Time for require() of the bundle: parse, compile and module-scope code. */
  readonly initMs: number;
  /** Resident set size of the process once the handler is ready. */
  readonly rssBytes: number;
  /** What loading the handler added to a bare node process's RSS. */
  readonly rssAddedBytes: number;
}

function coldInitScript(bundleFile: string): string {
  return [
    "const { performance } = require('node:perf_hooks');",
    'const rssBefore = process.memoryUsage.rss();',
    'const started = performance.now();',
    `const handlerModule = require(${JSON.stringify(bundleFile)});`,
    'const initMs = performance.now() - started;',
    "if (typeof handlerModule.handler !== 'function') throw new Error('the bundle exports no handler function');",
    'const rssBytes = process.memoryUsage.rss();',
    `process.stderr.write('\\n' + ${JSON.stringify(RESULT_MARKER)} + JSON.stringify({ initMs, rssBytes, rssAddedBytes: rssBytes - rssBefore }) + '\\n');`,
  ].join('\n');
}

export function measureColdInit(bundle: HandlerBundle, env: Record<string, string>): Promise<ColdInitSample> {
  return runNodeScript<ColdInitSample>(coldInitScript(bundle.file), env);
}
