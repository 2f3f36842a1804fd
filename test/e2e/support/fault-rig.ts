/*
 * The rig of the exactly-once fault tests: the e2e pipeline with fault proxies in front of SQS,
 * DynamoDB and Lambda, and the example app's real processor behind the Lambda fake, posting private
 * notes to a fake Richpanel. The notes are the effects: one per event is exactly once.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { e2eTemplate } from './e2e-pipeline';
import { done, untilAdvancingClock } from './queue-state';
import { DisabledProtection, sourceWorker } from './source-worker';
import { sampleTicketWebhook } from '../../../examples/prod-app/fakes/sample-data';
import { LocalProcessor, startLocalProcessor } from '../../../examples/prod-app/processor/local-processor';
import { noteMarker } from '../../../examples/prod-app/processor/order-status-note';
import { dynamoClient } from '../../../local/emulators';
import { BUNDLED_HANDLERS } from '../../../local/handler-loader';
import { LocalPipeline, LocalPipelineOptions, startLocalPipeline } from '../../../local/pipeline';
import { CfnTemplate } from '../../../local/template-settings';
import { AckFastWebhookPipelineProps } from '../../../src';
import { ProcessorRequestPayload, TABLE_PARTITION_KEY } from '../../../src/contract';
import { eventKey } from '../../../src/runtime/core/claim';

export interface FaultRigOptions {
  /** Run the worker from source with this protection off (a negative control). @default the bundled worker */
  readonly disabled?: DisabledProtection;
  /** The processor is told every call is attempt 1, so it never looks for its marker (a negative control). */
  readonly processorIgnoresAttempt?: boolean;
  readonly overrides?: Partial<AckFastWebhookPipelineProps>;
  /** Changes the synthesized template before the pipeline starts (a negative control). */
  readonly patchTemplate?: (template: CfnTemplate) => void;
}

export interface FaultRig {
  readonly pipeline: LocalPipeline;
  /** Every processor call, in order. */
  readonly calls: ProcessorRequestPayload[];
  /** Every line the ingress and worker wrote. */
  readonly lines: string[];
  /** Sends the order-status question `eventId` of `ticketId` (a note is its one effect). */
  send(eventId: string, ticketId: string): Promise<number>;
  /** Notes the fake Richpanel holds for `eventId`. */
  effects(eventId: string): number;
  /** Attempts the processor saw for `eventId`. */
  attempts(eventId: string): number[];
  /** Faults injected so far, by every proxy. */
  faultsInjected(): number;
  /**
   * Waits until every one of `eventIds` is done (processed, or acknowledged as a duplicate). While
   * some wait on a delay (a held event, a visibility timeout) and no worker invocation runs, the
   * pipeline's clock is moved past it instead of waiting in real time. False when time ran out.
   */
  settle(eventIds: string | readonly string[], timeoutMs?: number): Promise<boolean>;
  /** Whether the event's idempotency record says COMPLETED (else it was not processed, or not recorded). */
  completed(eventId: string): Promise<boolean>;
  close(): Promise<void>;
}


export async function startFaultRig(options: FaultRigOptions = {}): Promise<FaultRig> {
  const template = e2eTemplate(options.overrides);
  options.patchTemplate?.(template);
  const calls: ProcessorRequestPayload[] = [];
  const lines: string[] = [];
  let local: LocalProcessor | undefined;
  const pipelineOptions: LocalPipelineOptions = {
    template,
    name: 'faults',
    faultInjection: true,
    handlers: options.disabled ? { ...BUNDLED_HANDLERS, worker: sourceWorker(options.disabled) } : BUNDLED_HANDLERS,
    onHandlerLine: (_component, line) => lines.push(line),
    processor: async (request) => {
      calls.push(request);
      if (!local) throw new Error('the processor is not started yet');
      return local.handler(options.processorIgnoresAttempt ? { ...request, attempt: 1 } : request);
    },
  };
  const pipeline = await startLocalPipeline(pipelineOptions);
  local = await startLocalProcessor({
    tableName: pipeline.names.table, dynamoEndpoint: pipeline.endpoints.dynamodb, print: () => undefined, now: pipeline.now,
  });
  const processor = local;
  const stateTable = dynamoClient(pipeline.endpoints.dynamodb);
  const proxies = () => [pipeline.faults.sqs, pipeline.faults.dynamodb, pipeline.faults.lambda];

  return {
    pipeline,
    calls,
    lines,
    send: async (eventId, ticketId) => (await pipeline.send({ eventId, ...sampleTicketWebhook(ticketId) })).statusCode,
    effects: (eventId) => processor.postedNotes.filter((note) => note.body.includes(noteMarker(eventId))).length,
    attempts: (eventId) => calls.filter((call) => call.eventId === eventId).map((call) => call.attempt),
    faultsInjected: () => proxies().reduce((sum, proxy) => sum + (proxy?.injected.length ?? 0), 0),
    settle: (eventIds, timeoutMs = 30_000) => {
      const ids = typeof eventIds === 'string' ? [eventIds] : eventIds;
      return untilAdvancingClock(pipeline, () => ids.every((eventId) => pipeline.events.some(done(eventId))), timeoutMs);
    },
    completed: async (eventId) => {
      const { Item } = await stateTable.send(new GetItemCommand({
        TableName: pipeline.names.table,
        Key: { [TABLE_PARTITION_KEY]: { S: eventKey(eventId, pipeline.names.eventKeyPrefix) } },
        ConsistentRead: true,
      }));
      return Item?.status?.S === 'COMPLETED';
    },
    close: async () => {
      stateTable.destroy();
      await pipeline.close();
      await processor.close();
    },
  };
}

/** Runs `run` on a rig started with `options`, and closes the rig whatever happens. */
export async function withFaultRig<T>(options: FaultRigOptions, run: (rig: FaultRig) => Promise<T>): Promise<T> {
  const rig = await startFaultRig(options);
  try {
    return await run(rig);
  } finally {
    await rig.close();
  }
}
