/*
 * `npx projen bench`: every measurement of issue #7, ours and the baseline interleaved (their
 * order alternates from run to run, so drift in the machine's load hits both alike), then one
 * table on stdout and the raw samples as JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildInProcessWorkerBundle, buildProbe, BUILD_DIR, handlerBundles, HandlerKind, IMPLEMENTATIONS, inRunOrder } from './bundles';
import { ColdInitSample, measureColdInit } from './cold-init';
import { costLineText, measureCost } from './cost';
import { measureEndToEnd } from './end-to-end';
import { startBenchEnvironment } from './environment';
import { handlerEnvironment, UNREACHABLE_ENDPOINTS, UNUSED_RESOURCES } from './handler-env';
import { describeMachine, formatMachine, loadAverage } from './machine';
import { BENCH_HELP, BenchOptions, parseBenchOptions } from './options';
import { renderTable } from './report';
import { buildRows, BenchSamples, emptySamples } from './rows';
import { measureWarmIngress } from './warm-ingress';
import { measureArchivedWorker, measureInProcessWorker } from './worker-modes';
import { measureWorker } from './worker-throughput';

const RESULTS_DIR = path.dirname(BUILD_DIR);

function progress(text: string): void {
  process.stderr.write(`[bench] ${text}\n`);
}

async function measureHandlers(options: BenchOptions, samples: BenchSamples): Promise<void> {
  const bundles = await handlerBundles();
  for (const implementation of IMPLEMENTATIONS) {
    for (const kind of ['ingress', 'worker'] as HandlerKind[]) samples.bundleBytes[implementation][kind] = bundles[implementation][kind].bytes;
  }

  progress(`cold init: ${options.coldRuns} fresh processes per handler`);
  for (let run = 0; run < options.coldRuns; run++) {
    for (const implementation of inRunOrder(run)) {
      for (const kind of ['ingress', 'worker'] as HandlerKind[]) {
        const env = handlerEnvironment(implementation, kind, UNREACHABLE_ENDPOINTS, UNUSED_RESOURCES);
        const sample: ColdInitSample = await measureColdInit(bundles[implementation][kind], env);
        samples.coldInit[implementation][kind].push(sample);
      }
    }
  }

  const [ingressProbe, workerProbe, inProcessWorker] = await Promise.all([
    buildProbe('warm-ingress'), buildProbe('worker-batches'), buildInProcessWorkerBundle(),
  ]);
  samples.bundleBytes.oursInProcessWorker = inProcessWorker.bytes;
  progress('starting dynalite, fauxqs and the Secrets Manager and Lambda fakes');
  const environment = await startBenchEnvironment();
  try {
    for (let run = 0; run < options.runs; run++) {
      for (const implementation of inRunOrder(run)) {
        progress(`run ${run + 1}/${options.runs} ${implementation}: warm ingress (${options.requests} requests), worker (${options.events} events)`);
        samples.warmIngress[implementation].push(await measureWarmIngress(environment, bundles[implementation].ingress, ingressProbe, {
          warmup: options.warmupRequests, requests: options.requests, groups: 20,
        }, `${implementation}-${run}-${Date.now()}`));
        const { run: workerRun, exactlyOnce } = await measureWorker(environment, bundles[implementation].worker, workerProbe, {
          events: options.events, warmupEvents: options.warmupEvents, groups: 20,
        }, `${implementation}-w${run}-${Date.now()}`, run === 0);
        samples.worker[implementation].push(workerRun);
        if (exactlyOnce) samples.exactlyOnce[implementation] = exactlyOnce;
      }
      // Ours in its other configurations, right after the two above, on the same queue shape.
      const workerOptions = { events: options.events, warmupEvents: options.warmupEvents, groups: 20 };
      progress(`run ${run + 1}/${options.runs} ours in-process worker, ours worker with the archive (${options.events} events each)`);
      samples.workerModes.inProcess.push(await measureInProcessWorker(environment, inProcessWorker, workerProbe, workerOptions, `ip-w${run}-${Date.now()}`));
      const archived = await measureArchivedWorker(environment, bundles.ours.worker, workerProbe, workerOptions, `ar-w${run}-${Date.now()}`);
      samples.workerModes.archived.push(archived.run);
      samples.workerModes.archivePutsPerEvent.push(archived.putsPerEvent);
    }
  } finally {
    await environment.stop();
  }
}

async function main(argv: string[]): Promise<void> {
  const options = parseBenchOptions(argv);
  if (options.help) {
    process.stdout.write(`${BENCH_HELP}\n`);
    return;
  }
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  const samples = emptySamples();
  await measureHandlers(options, samples);
  progress(`end to end: ${options.endToEndRate} webhooks/s for ${options.endToEndSeconds} s, ${options.runs} runs`);
  samples.endToEnd = await measureEndToEnd(options, progress);
  samples.cost = await measureCost(samples);
  machine.loadAverageAtEnd = loadAverage();

  const rows = buildRows(samples);
  process.stdout.write(`\nack-fast-webhook-pipeline bench, ${startedAt}\nMachine: ${formatMachine(machine)}\n`
    + `Runs: ${options.runs} per measurement (cold init: ${options.coldRuns}); cells are the median ±half the interquartile range over runs.\n\n`
    + `${renderTable(rows)}\n\n${costLineText(samples.cost)}\n`);
  const result = { startedAt, finishedAt: new Date().toISOString(), machine, options, rows, samples };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const outFile = options.outFile ?? path.join(RESULTS_DIR, `bench-${startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  progress(`wrote ${path.relative(process.cwd(), outFile)} and bench/results/latest.json`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
