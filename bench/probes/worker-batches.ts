/*
 * Worker probe (runs in its own process): receive batches of up to 10 from the FIFO queue, hand
 * each to the bundled handler as the Lambda event source mapping would, delete what it reports
 * done. Only the handler call is timed (wall clock and this process's CPU).
 */
import { performance } from 'node:perf_hooks';
import { DeleteMessageBatchCommand, Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { timeHttpExchanges } from './http-exchange-timer';
import { resolveLocalhostSubdomains } from './localhost-dns';
import { lambdaContext } from '../../local/lambda-context';
import { toLambdaRecord } from '../../local/sqs-event-source';
import { probeInput, sendProbeResult } from '../child-process';
import { BENCH_REGION } from '../scenario';

export interface WorkerBatchesInput {
  readonly bundleFile: string;
  readonly functionName: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  /** How many messages the queue holds; the probe ends once all are done. */
  readonly events: number;
  /** Batches handled before these many events are done are not timed (first-call costs, JIT). */
  readonly warmupEvents: number;
}

export interface WorkerBatchesResult {
  /** Events in timed batches. */
  readonly events: number;
  readonly batches: number;
  /** Per batch: wall time and CPU time of the handler call, and its size. */
  readonly batchMs: number[];
  readonly batchCpuMs: number[];
  readonly batchSizes: number[];
  /** AWS HTTP exchanges the handler made per event (DynamoDB, Lambda Invoke, SQS). */
  readonly awsCallsPerEvent: number;
}

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

/** An empty receive is retried this often before the probe gives up (fauxqs answers at once when it has messages). */
const EMPTY_RECEIVES_ALLOWED = 20;

async function receiveBatch(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const output = await sqs.send(new ReceiveMessageCommand({
    QueueUrl: queueUrl,
    MaxNumberOfMessages: 10,
    WaitTimeSeconds: 0,
    MessageSystemAttributeNames: ['All'],
    MessageAttributeNames: ['All'],
  }));
  return output.Messages ?? [];
}

async function main(): Promise<void> {
  const input = probeInput<WorkerBatchesInput>();
  resolveLocalhostSubdomains();
  const takeExchanges = timeHttpExchanges();
  const sqs = new SQSClient({});
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(input.bundleFile) as { handler: Handler };
  const result = { batchMs: [] as number[], batchCpuMs: [] as number[], batchSizes: [] as number[] };
  let done = 0;
  let awsCalls = 0;
  let emptyReceives = 0;
  while (done < input.events) {
    const messages = await receiveBatch(sqs, input.queueUrl);
    if (messages.length === 0) {
      if (++emptyReceives > EMPTY_RECEIVES_ALLOWED) throw new Error(`the queue ran dry after ${done} of ${input.events} events`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    takeExchanges();
    const timed = done >= input.warmupEvents;
    const event: SQSEvent = { Records: messages.map((message) => toLambdaRecord(message, input.queueArn, BENCH_REGION)) };
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const response = await handler(event, lambdaContext(input.functionName, 60_000, Date.now));
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const exchanges = takeExchanges().length;
    if (timed) {
      result.batchMs.push(elapsed);
      result.batchCpuMs.push((cpu.user + cpu.system) / 1000);
      result.batchSizes.push(messages.length);
      awsCalls += exchanges;
    }
    const failures = response?.batchItemFailures ?? [];
    if (failures.length > 0) {
      throw new Error(`the handler failed ${failures.length} of ${messages.length} records: the bench processor never fails, so this is a bug`);
    }
    await sqs.send(new DeleteMessageBatchCommand({
      QueueUrl: input.queueUrl,
      Entries: messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
    }));
    takeExchanges();
    done += messages.length;
  }
  sqs.destroy();
  const timedEvents = result.batchSizes.reduce((sum, size) => sum + size, 0);
  if (timedEvents === 0) throw new Error(`no batch was timed: raise the event count above the ${input.warmupEvents} warm-up events`);
  const measured: WorkerBatchesResult = { ...result, events: timedEvents, batches: result.batchMs.length, awsCallsPerEvent: awsCalls / timedEvents };
  sendProbeResult(measured);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
