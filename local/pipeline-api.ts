/*
 * What startLocalPipeline takes and gives: the programmatic API of the local pipeline
 * (used by local/main.ts, the e2e tests and the benchmark).
 */
import { PathStep } from './event-path';
import { FaultProxy } from './fault-proxy';
import { LocalHandlers } from './handler-loader';
import type { ProcessorMode } from './in-process-worker';
import { CfnTemplate, PipelineSettings } from './template-settings';
import { QueueBacklog } from '../cli/pause/backlog';
import { IngressRuntimeConfig, ProcessorRequestPayload } from '../src/contract';

/** The processor Lambda's handler: gets the worker's request, answers as a processor Lambda would. */
export type LocalProcessorHandler = (request: ProcessorRequestPayload) => Promise<unknown>;

export interface LocalPipelineOptions {
  /** A synthesized stack holding one AckFastWebhookPipeline (e.g. `Template.fromStack(stack).toJSON()`). */
  readonly template: CfnTemplate;
  /** The pipeline's construct id, when the template holds several. */
  readonly pipelineId?: string;
  /** Prefix of the local table and queue names. @default 'local' */
  readonly name?: string;
  /** @default the bundled handlers the construct deploys (assets/lambda/...) */
  readonly handlers?: LocalHandlers;
  /**
   * How the worker calls `processor`: 'lambda' loads the bundled worker, which Invokes it through
   * the Lambda fake (the `processor` prop); 'in-process' runs createWorker from lib/runtime with it
   * (the `workerFunction` prop). `handlers.worker` is used in 'lambda' mode only. @default 'lambda'
   */
  readonly processorMode?: ProcessorMode;
  /** The processor Lambda. @default answers PROCESSED */
  readonly processor?: LocalProcessorHandler;
  /** The signing secret or token. @default generated per run */
  readonly secret?: string;
  /** Every step of every event's path, as it happens. */
  readonly onPathStep?: (step: PathStep) => void;
  /**
   * Put fault proxies between the handlers and DynamoDB and Lambda too (SQS always has one), so a
   * test can lose answers, reset connections or delay calls there. @default false
   */
  readonly faultInjection?: boolean;
  /** Every line the ingress or worker writes to stdout or stderr (their JSON logs and EMF metrics). @default dropped */
  readonly onHandlerLine?: (component: 'ingress' | 'worker', line: string) => void;
}

export interface SendResult {
  readonly statusCode: number;
  readonly body: string;
  /** The acknowledged event id (200 only). */
  readonly eventId?: string;
}

export interface LocalPipeline {
  /** The webhook URL (POST). */
  readonly url: string;
  /** The secret (or shared token) the ingress authenticates with. */
  readonly secret: string;
  readonly settings: PipelineSettings;
  readonly ingressConfig: IngressRuntimeConfig;
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly secretsManager: string; readonly lambda: string };
  readonly names: {
    readonly table: string;
    readonly queueUrl: string;
    readonly dlqUrl: string;
    readonly processor: string;
    /** The worker's idempotency key prefix (`--key-prefix` of the CLI's status and replay). */
    readonly eventKeyPrefix: string;
  };
  /** The fault proxies: SQS always (every client's SQS calls); DynamoDB and Lambda (the handlers' calls) with `faultInjection`. */
  readonly faults: { readonly sqs: FaultProxy; readonly dynamodb?: FaultProxy; readonly lambda?: FaultProxy; readonly firehose?: FaultProxy };
  /** The event archive (fauxqs S3 + loopback Firehose), when the template's worker archives. */
  readonly archive?: {
    readonly bucket: string;
    readonly s3Endpoint: string;
    /** PutRecordBatch calls the fake Firehose answered. */
    readonly putCalls: () => number;
    /** Delivers what the fake Firehose buffers, so the archive can be read now. */
    flush(): Promise<void>;
  };
  /** Every path step so far, in order. */
  readonly events: PathStep[];
  /** The environment the template gives function `logicalId` (e.g. a sweep function), every reference resolved locally. */
  environmentOf(logicalId: string): Record<string, string>;
  /** The authentication headers (and content type) for `body`. */
  sign(body: string): Record<string, string>;
  /** POSTs `body` (an object is JSON-encoded) signed, plus `headers`. */
  send(body: string | object, headers?: Record<string, string>): Promise<SendResult>;
  /** A ready curl command that posts `body` signed. */
  curl(body: string): string;
  /** The local clock (epoch ms): handlers, front, event source and fauxqs all read it. */
  now(): number;
  /** Worker invocations running now: move the clock only while there are none, or their leases and deadlines jump. */
  workerInvocationsRunning(): number;
  /** Moves the local clock forward, fauxqs's included (deduplication window, visibility deadlines). */
  advanceClock(ms: number): Promise<void>;
  /**
   * Makes SQS unreachable (false) for every client — ingress, worker, event source, CLI — or
   * reachable again (true): connections are reset, as in a network outage. The queues keep their messages.
   */
  setSqsReachable(reachable: boolean): void;
  /**
   * Runs one accepted event again now, as `ack-fast-webhook replay <eventId> --message-file` does,
   * with the body the front kept in memory (the last 500). Resolves with what was done; rejects
   * with LocalReplayRefused saying why nothing was done.
   */
  replayEvent(eventId: string): Promise<string>;
  /**
   * Pauses (true) or resumes (false) processing, as `ack-fast-webhook pause` / `resume` disable and
   * enable the worker's event source mapping: the ingress keeps ACKing and queueing.
   */
  setProcessingPaused(paused: boolean): void;
  processingPaused(): boolean;
  /** The main queue's backlog (approximate counts, as SQS reports them). */
  backlog(): Promise<QueueBacklog>;
  /** Resolves with the first path step (past or future) that matches, or rejects after `timeoutMs`. */
  waitForStep(match: (step: PathStep) => boolean, timeoutMs: number): Promise<PathStep>;
  /** Stops the event source (running invocations finish), then every server and emulator. */
  close(): Promise<void>;
}
