/*
 * `npx projen local`: the example app's pipeline on 127.0.0.1 until Ctrl-C.
 *   --smoke     start, send one signed sample, wait until it is processed, print its path, exit 0/1
 *   --send N    send N signed samples once started
 *   --verbose   also print the handlers' own JSON log lines
 *   --stack S   the example app's stack to run (default rp-mw-dev)
 */
import { parseArgs } from 'node:util';
import { formatPathStep, PathStep } from './event-path';
import { EXAMPLE_STACK, exampleTemplate } from './example-template';
import { LocalPipeline, startLocalPipeline } from './pipeline';
import { sampleRichpanelWebhook } from './sample-webhook';
import { LocalProcessor, startLocalProcessor } from '../examples/prod-app/processor/local-processor';
import { ProcessorRequestPayload } from '../src/private/runtime-contract';

export interface LocalIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const SMOKE_TIMEOUT_MS = 60_000;

export const LOCAL_USAGE = 'Usage: npx projen local [--smoke] [--send N] [--verbose] [--stack NAME]';

function banner(pipeline: LocalPipeline, stack: string, sampleBody: string): string[] {
  const auth = pipeline.ingressConfig.authentication;
  const cliEnv = 'AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-2';
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
    '',
  ];
}

/** Runs until `stop` resolves (or, with --smoke, until the sample is processed). Returns the exit code. */
export async function runLocal(argv: string[], io: LocalIo, stop: Promise<void>): Promise<number> {
  let values: { smoke?: boolean; send?: string; verbose?: boolean; stack?: string; help?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: {
        smoke: { type: 'boolean' }, send: { type: 'string' }, verbose: { type: 'boolean' }, stack: { type: 'string' }, help: { type: 'boolean', short: 'h' },
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
  const stack = values.stack ?? EXAMPLE_STACK;

  let processor: LocalProcessor | undefined;
  const processorHandler = async (request: ProcessorRequestPayload) => {
    if (!processor) throw new Error('the processor is not started yet');
    return processor.handler(request);
  };
  const pipeline = await startLocalPipeline({
    template: exampleTemplate(stack),
    name: stack,
    processor: processorHandler,
    onPathStep: (step) => io.out(formatPathStep(step)),
    onHandlerLine: values.verbose ? (component, line) => io.out(`  ${component}: ${line}`) : undefined,
  });
  try {
    // The example app's processor, against its fake Richpanel and Shopify and the limiter on this dynalite.
    processor = await startLocalProcessor({
      tableName: pipeline.names.table, dynamoEndpoint: pipeline.endpoints.dynamodb, print: io.out, now: pipeline.now,
    });
    const sampleBody = JSON.stringify(sampleRichpanelWebhook());
    banner(pipeline, stack, sampleBody).forEach((line) => io.out(line));
    processor.notes.forEach((note) => io.out(note));

    if (values.smoke) return await smoke(pipeline, io);
    for (let i = 0; i < sendCount; i++) await pipeline.send(sampleRichpanelWebhook());
    io.out('Ready. Each event\'s path is printed below; Ctrl-C stops.');
    await stop;
    io.out('Stopping: the event source drains its running invocations, then the emulators stop.');
    return 0;
  } finally {
    await pipeline.close();
    await processor?.close();
  }
}

/** One signed sample through the whole pipeline; 0 when it is processed in time. */
async function smoke(pipeline: LocalPipeline, io: LocalIo): Promise<number> {
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
