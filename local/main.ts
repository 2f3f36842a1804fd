/*
 * `npx projen local`: the example app's pipeline on 127.0.0.1 until Ctrl-C.
 *   --smoke     start, send one signed sample, wait until it is processed, print its path, exit 0/1
 *   --send N    send N signed samples once started
 *   --verbose   also print the handlers' own JSON log lines
 *   --stack S   the example app's stack to run (default rp-mw-dev)
 *   --sweep-every N  run the reconciliation sweep every N seconds (default 60; 0: never); --smoke runs it once
 *   --inspector-port N  the inspector page's port on 127.0.0.1 (default 0: any free port, printed)
 *   --processor-mode M  in-process (default: createWorker calls the processor) or lambda (the bundled worker Invokes it)
 *   --broken-processor N  the first N processor calls answer PROCESSED without their effect, then it is fixed and
 *                         the replay command for exactly those events is printed (see local/broken-processor.ts)
 */
import { parseArgs } from 'node:util';
import { BrokenWindow, breakProcessor, brokenCallsOf } from './broken-processor';
import { formatPathStep, PathStep } from './event-path';
import { EXAMPLE_STACK, exampleTemplate } from './example-template';
import { isProcessorMode, PROCESSOR_MODES } from './in-process-worker';
import { Inspector, startInspector } from './inspector/server';
import { inspectorSourceOf } from './inspector/source';
import { LocalPipeline, startLocalPipeline } from './pipeline';
import { sampleRichpanelWebhook } from './sample-webhook';
import { LocalSweep, startLocalSweep } from './sweep';
import { LocalProcessor, startLocalProcessor } from '../examples/prod-app/processor/local-processor';
import { EVENT_ID_POINTERS } from '../examples/prod-app/processor/richpanel-webhook';
import { localSweepSource } from '../examples/prod-app/sweep/local-sweep-source';
import { ProcessorRequestPayload } from '../src/contract';
import { eventIdFromPointers, SweepRunSummary } from '../src/runtime';

export interface LocalIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const SMOKE_TIMEOUT_MS = 60_000;

export const LOCAL_USAGE = 'Usage: npx projen local [--smoke] [--send N] [--sweep-every SECONDS] [--inspector-port PORT] [--verbose] [--stack NAME] [--processor-mode in-process|lambda] [--broken-processor N]';
const DEFAULT_SWEEP_SECONDS = 60;
const CLI_ENV = 'AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-2';

function sweepLine(summary: SweepRunSummary): string {
  return `sweep: ${summary.outcome.toLowerCase()}: ${summary.candidates} candidates, ${summary.recovered} recovered, `
    + `${summary.duplicates} already received, ${summary.filtered} filtered, ${summary.errors} errors (${summary.pages} page${summary.pages === 1 ? '' : 's'} of GET /tickets)`;
}

function banner(pipeline: LocalPipeline, stack: string, sampleBody: string): string[] {
  const auth = pipeline.ingressConfig.authentication;
  const cliEnv = CLI_ENV;
  return [
    `Local pipeline of ${stack} (dynalite, fauxqs, the bundled ingress and worker) on 127.0.0.1:`,
    `  webhook URL   POST ${pipeline.url}`,
    `  ${auth.scheme === 'shared-token' ? 'token' : 'secret'}         ${pipeline.secret}  (${auth.scheme}, header ${auth.headers[0]})`,
    `  throttling    ${pipeline.settings.throttlingRateLimit} rps, burst ${pipeline.settings.throttlingBurstLimit}; `
      + `body ≤ ${pipeline.ingressConfig.maxBodyBytes} bytes; batch ${pipeline.settings.batchSize}, `
      + `concurrency ${pipeline.settings.maxConcurrency}, visibility ${pipeline.settings.visibilityTimeoutSeconds} s, `
      + `DLQ after ${pipeline.settings.maxReceiveCount} receives`,
    `  DynamoDB      ${pipeline.endpoints.dynamodb}  table ${pipeline.names.table}`,
    `  SQS           ${pipeline.endpoints.sqs}  queue ${pipeline.names.queueUrl}`,
    '',
    'Send a signed sample:',
    `  ${pipeline.curl(sampleBody)}`,
    'Inspect an event:',
    `  ${cliEnv} npx ack-fast-webhook status <eventId> --table ${pipeline.names.table} --key-prefix '${pipeline.names.eventKeyPrefix}' --endpoint-url ${pipeline.endpoints.dynamodb}`,
    'Move the DLQ back:',
    `  ${cliEnv} npx ack-fast-webhook redrive --dlq-url ${pipeline.names.dlqUrl} --queue-url ${pipeline.names.queueUrl} --endpoint-url ${pipeline.endpoints.sqs}`,
    ...archiveBanner(pipeline, cliEnv),
    '',
  ];
}

/** The archive's lines of the banner: where it is and a replay of the last hour from it. */
function archiveBanner(pipeline: LocalPipeline, cliEnv: string): string[] {
  if (pipeline.archive === undefined) return [];
  return [
    `Archive: s3://${pipeline.archive.bucket} (fauxqs S3 ${pipeline.archive.s3Endpoint}, written every second by the loopback Firehose)`,
    'Replay the last hour from it (add --event-id ID / --status completed, drop --dry-run and add --force to send):',
    `  ${replayCommand(pipeline, cliEnv, '$(($(date +%s) * 1000 - 3600000))', '$(($(date +%s) * 1000))')} --dry-run`,
  ];
}

/** `ack-fast-webhook replay` from the local archive for [from, to), with the endpoints of this run. */
function replayCommand(pipeline: LocalPipeline, cliEnv: string, from: string, to: string): string {
  const endpoints = `AWS_ENDPOINT_URL_S3=${pipeline.archive!.s3Endpoint} AWS_ENDPOINT_URL_SQS=${pipeline.endpoints.sqs} AWS_ENDPOINT_URL_DYNAMODB=${pipeline.endpoints.dynamodb}`;
  return `${cliEnv} ${endpoints} npx ack-fast-webhook replay --from ${from} --to ${to} `
    + `--archive-bucket ${pipeline.archive!.bucket} --queue-url ${pipeline.names.queueUrl} --table ${pipeline.names.table} `
    + `--key-prefix '${pipeline.names.eventKeyPrefix}'`;
}

/** Printed when the --broken-processor bug is fixed: the replay that re-runs exactly the broken events. */
function fixedLines(pipeline: LocalPipeline, window: BrokenWindow): string[] {
  const ids = window.fixedInside.length === 0 ? '' : ` ${window.eventIds.map((id) => `--event-id ${id}`).join(' ')}`;
  const command = pipeline.archive === undefined
    ? ['  (this pipeline has no archive: nothing to replay from)']
    : [`  ${replayCommand(pipeline, CLI_ENV, new Date(window.fromMs).toISOString(), new Date(window.toMs).toISOString())}${ids} --force`];
  return [
    `processor FIXED after ${window.eventIds.length} broken call${window.eventIds.length === 1 ? '' : 's'}: later calls run the processor.`,
    `Replay exactly the broken events from the archive (received in [${new Date(window.fromMs).toISOString()}, ${new Date(window.toMs).toISOString()})`
      + `${ids === '' ? '' : `, with ${window.fixedInside.length} fixed event(s) inside the window, so by id`}; the archive is written within ~1 s):`,
    ...command,
  ];
}

/** Runs until `stop` resolves (or, with --smoke, until the sample is processed). Returns the exit code. */
export async function runLocal(argv: string[], io: LocalIo, stop: Promise<void>): Promise<number> {
  let values: {
    'smoke'?: boolean;
    'send'?: string;
    'verbose'?: boolean;
    'stack'?: string;
    'help'?: boolean;
    'sweep-every'?: string;
    'inspector-port'?: string;
    'processor-mode'?: string;
    'broken-processor'?: string;
  };
  try {
    values = parseArgs({
      args: argv,
      options: {
        'smoke': { type: 'boolean' },
        'send': { type: 'string' },
        'verbose': { type: 'boolean' },
        'stack': { type: 'string' },
        'help': { type: 'boolean', short: 'h' },
        'sweep-every': { type: 'string' },
        'inspector-port': { type: 'string' },
        'processor-mode': { type: 'string' },
        'broken-processor': { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    io.err(`local: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n${LOCAL_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(LOCAL_USAGE);
    return 0;
  }
  const sendCount = values.send === undefined ? 0 : Number(values.send);
  if (!Number.isInteger(sendCount) || sendCount < 0) {
    io.err(`local: --send must be a whole number of samples, got '${values.send}'\n${LOCAL_USAGE}`);
    return 2;
  }
  const sweepSeconds = values['sweep-every'] === undefined ? DEFAULT_SWEEP_SECONDS : Number(values['sweep-every']);
  if (!Number.isInteger(sweepSeconds) || sweepSeconds < 0) {
    io.err(`local: --sweep-every must be a whole number of seconds (0: never), got '${values['sweep-every']}'\n${LOCAL_USAGE}`);
    return 2;
  }
  const inspectorPort = values['inspector-port'] === undefined ? 0 : Number(values['inspector-port']);
  if (!Number.isInteger(inspectorPort) || inspectorPort < 0 || inspectorPort > 65535) {
    io.err(`local: --inspector-port must be a TCP port (0: any free port), got '${values['inspector-port']}'\n${LOCAL_USAGE}`);
    return 2;
  }
  const processorMode = values['processor-mode'] ?? 'in-process';
  if (!isProcessorMode(processorMode)) {
    io.err(`local: --processor-mode must be one of ${PROCESSOR_MODES.join(', ')}, got '${processorMode}'\n${LOCAL_USAGE}`);
    return 2;
  }
  const brokenCalls = brokenCallsOf(values['broken-processor']);
  if (brokenCalls === undefined) {
    io.err(`local: --broken-processor must be a whole number of processor calls, got '${values['broken-processor']}'\n${LOCAL_USAGE}`);
    return 2;
  }
  const stack = values.stack ?? EXAMPLE_STACK;
  const template = exampleTemplate(stack, processorMode);

  let processor: LocalProcessor | undefined;
  const workingHandler = async (request: ProcessorRequestPayload) => {
    if (!processor) throw new Error('the processor is not started yet');
    return processor.handler(request);
  };
  let onFixed: (window: BrokenWindow) => void = () => undefined;
  const processorHandler = brokenCalls === 0
    ? workingHandler
    : breakProcessor(workingHandler, brokenCalls, io.out, (window) => onFixed(window)).handler;
  const pipeline = await startLocalPipeline({
    template,
    name: stack,
    processor: processorHandler,
    processorMode,
    onPathStep: (step) => io.out(formatPathStep(step)),
    onHandlerLine: values.verbose ? (component, line) => io.out(`  ${component}: ${line}`) : undefined,
  });
  io.out(processorMode === 'in-process'
    ? 'processor mode: in-process (createWorker from lib/runtime calls the processor in the worker; --processor-mode lambda for the two-Lambda path)'
    : 'processor mode: lambda (the bundled worker Invokes the processor through the Lambda fake)');
  let sweep: (LocalSweep & { stopSource(): void }) | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let inspector: Inspector | undefined;
  try {
    // The example app's processor, against its fake Richpanel and Shopify and the limiter on this dynalite.
    processor = await startLocalProcessor({
      tableName: pipeline.names.table, dynamoEndpoint: pipeline.endpoints.dynamodb, print: io.out, now: pipeline.now,
    });
    // Its reconciliation sweep over the fake's GET /tickets, on the processor's Richpanel bucket.
    const source = localSweepSource({ processor, tableName: pipeline.names.table, dynamoEndpoint: pipeline.endpoints.dynamodb, now: pipeline.now });
    sweep = { ...startLocalSweep(pipeline, template, source.source), stopSource: source.close };
    const sampleBody = JSON.stringify(sampleRichpanelWebhook());
    inspector = await startInspector(inspectorSourceOf(pipeline, stack, () => sampleRichpanelWebhook()), { port: inspectorPort });
    banner(pipeline, stack, sampleBody).forEach((line) => io.out(line));
    io.out(`Inspector (last events, their path, send a sample, replay, pause/resume): ${inspector.url}`);
    processor.notes.forEach((note) => io.out(note));
    if (brokenCalls > 0) {
      io.out(`processor BROKEN on purpose (--broken-processor ${brokenCalls}): the next ${brokenCalls} call(s) answer PROCESSED without their effect, then it is fixed.`);
      onFixed = (window) => fixedLines(pipeline, window).forEach((line) => io.out(line));
    }

    if (values.smoke) return await smoke(pipeline, processor, sweep, io);
    for (let i = 0; i < sendCount; i++) await pipeline.send(sampleRichpanelWebhook());
    if (sweepSeconds > 0) {
      const running = sweep;
      sweepTimer = setInterval(() => {
        running.runOnce().then((summary) => io.out(sweepLine(summary)), (error: unknown) => io.err(`sweep failed: ${error instanceof Error ? error.message : String(error)}`));
      }, sweepSeconds * 1000);
      io.out(`Reconciliation sweep every ${sweepSeconds} s over the fake Richpanel's GET /tickets (--sweep-every N to change, 0 to stop).`);
    }
    io.out('Ready. Each event\'s path is printed below; Ctrl-C stops.');
    await stop;
    io.out('Stopping: the event source drains its running invocations, then the emulators stop.');
    return 0;
  } finally {
    if (sweepTimer) clearInterval(sweepTimer);
    await inspector?.stop();
    sweep?.close();
    sweep?.stopSource();
    await pipeline.close();
    await processor?.close();
  }
}

/** One signed sample through the whole pipeline, then a push that never arrived, found by the sweep; 0 when both are processed in time. */
async function smoke(pipeline: LocalPipeline, processor: LocalProcessor, sweep: LocalSweep, io: LocalIo): Promise<number> {
  const pushed = await smokeOne(pipeline, io);
  if (pushed !== 0) return pushed;
  // A customer writes while the ingress is unreachable: Richpanel does not retry, the sweep must find it.
  const missed = processor.richpanel.tickets.customerMessage({
    ticketId: 'T-missed', text: 'Where is my order #1001?', customer: { name: 'Sam Sample', email: 'sam@example.com', lastOrderNumber: '1001' },
  });
  // Past the sweep's settle delay (60 s) on the local clock, while no worker runs.
  while (pipeline.workerInvocationsRunning() > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  await pipeline.advanceClock(2 * 60_000);
  const summary = await sweep.runOnce();
  io.out(sweepLine(summary));
  const eventId = (eventIdFromPointers(JSON.parse(missed.push), EVENT_ID_POINTERS) as { eventId: string }).eventId;
  try {
    const last = await pipeline.waitForStep((step) => step.eventId === eventId && ['processed', 'dlq'].includes(step.kind), SMOKE_TIMEOUT_MS);
    io.out(`smoke: sweep recovered ${eventId}: ${last.kind}`);
    return summary.recovered === 1 && last.kind === 'processed' ? 0 : 1;
  } catch (error) {
    io.err(`smoke: the sweep did not recover the missed push: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function smokeOne(pipeline: LocalPipeline, io: LocalIo): Promise<number> {
  const answer = await pipeline.send(sampleRichpanelWebhook());
  if (answer.statusCode !== 200 || !answer.eventId) {
    io.err(`smoke: the ingress answered ${answer.statusCode} ${answer.body}`);
    return 1;
  }
  const eventId = answer.eventId;
  const finished = (step: PathStep) => step.eventId === eventId && ['processed', 'dlq'].includes(step.kind);
  try {
    const last = await pipeline.waitForStep(finished, SMOKE_TIMEOUT_MS);
    const steps = pipeline.events.filter((step) => step.eventId === eventId).map((step) => step.kind).join(' → ');
    io.out(`smoke: ${eventId}: ${steps}`);
    return last.kind === 'processed' ? 0 : 1;
  } catch (error) {
    io.err(`smoke: ${eventId} was not processed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  const io: LocalIo = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };
  let signalled = false;
  const stop = new Promise<void>((resolve) => {
    const onSignal = () => {
      if (signalled) process.exit(130);
      signalled = true;
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  runLocal(process.argv.slice(2), io, stop).then(
    (code) => process.exit(code),
    (error: unknown) => {
      io.err(`local: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
