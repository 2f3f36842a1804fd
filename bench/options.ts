/*
 * `npx projen bench [options]`: how many runs and how much work per run.
 */
import { OptionSpec, parseCommandArgs, positiveNumber } from '../cli/options';

export interface BenchOptions {
  /** Runs of each emulator-backed measurement (warm ingress, worker, end to end), per implementation. */
  readonly runs: number;
  /** Fresh processes per handler for the cold init measurement. */
  readonly coldRuns: number;
  readonly warmupRequests: number;
  readonly requests: number;
  readonly warmupEvents: number;
  readonly events: number;
  /** Offered rate (webhooks/s) and duration of the end-to-end measurement. */
  readonly endToEndRate: number;
  readonly endToEndSeconds: number;
  /** Where the JSON goes (bench/results/ by default). */
  readonly outFile?: string;
  readonly help: boolean;
}

const COMMAND = 'bench';

const BENCH_OPTIONS: OptionSpec = {
  'runs': { type: 'string' },
  'cold-runs': { type: 'string' },
  'requests': { type: 'string' },
  'events': { type: 'string' },
  'rate': { type: 'string' },
  'seconds': { type: 'string' },
  'out': { type: 'string' },
  'quick': { type: 'boolean' },
};

export const BENCH_HELP = [
  'Usage: npx projen bench [options]',
  '',
  'Benchmarks our ingress and worker against a Powertools + middy baseline on this machine:',
  'bundle size, cold init, warm ingress latency, worker CPU and GB-s (ours also in-process and',
  'with the event archive), end to end (ours also in-process), cost. Prints a table',
  'on stdout (progress on stderr) and writes the JSON to bench/results/.',
  '',
  'Options:',
  '  --runs N        runs of each emulator-backed measurement per implementation (default 5; --quick 2)',
  '  --cold-runs N   fresh node processes per handler for cold init (default 15; --quick 5)',
  '  --requests N    timed warm ingress requests per run, after 50 warm-up (default 1000; --quick 100)',
  '  --events N      timed worker events per run, after 50 warm-up (default 300; --quick 100)',
  '  --rate R        offered webhooks/s for the end-to-end run (default 20)',
  '  --seconds S     duration of each end-to-end run (default 15; --quick 5)',
  '  --out FILE      write the JSON here (default bench/results/bench-<time>.json, and latest.json)',
  '  --quick         fewer, shorter runs: a smoke test, not numbers to publish',
  '  -h, --help      show this help',
].join('\n');

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values, positionals } = parseCommandArgs(COMMAND, argv, BENCH_OPTIONS);
  if (positionals.length > 0) throw new Error(`${COMMAND}: unexpected argument '${positionals[0]}' (see --help)`);
  const quick = values.quick === true;
  const integer = (name: string, normal: number, short: number) => positiveNumber(COMMAND, values, name, quick ? short : normal, true)!;
  return {
    runs: integer('runs', 5, 2),
    coldRuns: integer('cold-runs', 15, 5),
    warmupRequests: 50,
    requests: integer('requests', 1000, 100),
    warmupEvents: 50,
    events: integer('events', 300, 100),
    endToEndRate: positiveNumber(COMMAND, values, 'rate', 20)!,
    endToEndSeconds: positiveNumber(COMMAND, values, 'seconds', quick ? 5 : 15)!,
    outFile: typeof values.out === 'string' ? values.out : undefined,
    help: values.help === true,
  };
}
