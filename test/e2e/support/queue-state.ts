import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_AWS } from '../../../local/emulators';
import { PathStep } from '../../../local/event-path';
import { LocalPipeline } from '../../../local/pipeline';

/** Visible + in flight + delayed messages of a queue. */
export async function messagesIn(pipeline: LocalPipeline, queueUrl: string): Promise<number> {
  const sqs = new SQSClient({ ...LOCAL_AWS, endpoint: pipeline.endpoints.sqs });
  try {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }));
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
      + Number(Attributes.ApproximateNumberOfMessagesDelayed);
  } finally {
    sqs.destroy();
  }
}

/** Polls `condition` every 100 ms until it holds; throws `what` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!await condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The p-th percentile (0-100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The event's message was deleted after its effect: processed, or, when a busy machine made the
 * invocation time out after the effect, acknowledged as a duplicate on the next delivery.
 */
export function done(eventId: string): (step: PathStep) => boolean {
  return (step) => step.eventId === eventId && (step.kind === 'processed' || step.kind === 'duplicate');
}

/** Longer than any delay an e2e event waits on: the queue's visibility timeout (6 x the 9 s worker timeout). */
const CLOCK_STEP_MS = 60_000;
/** No path step and no running invocation for this long: what is left waits on a delay. */
const QUIET_MS = 1_500;

/**
 * Waits until `condition` holds, moving the pipeline's clock past the delays events wait on (a
 * visibility timeout, a held event) instead of waiting them out: whenever nothing has happened for
 * a moment and no worker invocation runs (moving time under a running one would cut its lease and
 * its deadline short). False when `timeoutMs` of real time ran out first.
 */
export async function untilAdvancingClock(
  pipeline: LocalPipeline, condition: () => boolean | Promise<boolean>, timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let quietSince = Date.now();
  let stepsSeen = pipeline.events.length;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    if (pipeline.events.length !== stepsSeen || pipeline.workerInvocationsRunning() > 0) {
      stepsSeen = pipeline.events.length;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > QUIET_MS) {
      await pipeline.advanceClock(CLOCK_STEP_MS);
      quietSince = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
