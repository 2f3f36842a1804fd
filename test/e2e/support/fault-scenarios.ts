/*
 * What the exactly-once fault scenarios share: fault rules aimed at one event's Invoke, claim or
 * completion, a batch put straight on the queue, and the settling of a scenario's events into
 * the totals the run prints (`faults: S scenarios, F faults injected, effects/event E, lost L`).
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { FaultRig } from './fault-rig';
import { sampleTicketWebhook } from '../../../examples/prod-app/fakes/sample-data';
import { LOCAL_AWS } from '../../../local/emulators';
import { FaultRule } from '../../../local/fault-proxy';
import { MESSAGE_ATTRIBUTE_EVENT_ID, MESSAGE_ATTRIBUTE_RECEIVED_AT } from '../../../src/contract';

/** Figures of the protected scenarios of this test file, printed once at the end. */
const totals = { scenarios: 0, faults: 0, events: 0, effects: 0, lost: 0 };

/**
 * Settles `eventIds` and adds them to the printed totals. Lost: accepted, yet not recorded as
 * COMPLETED (a message deleted unrun also ends as a 'duplicate' step, so steps alone cannot tell).
 */
export async function account(rig: FaultRig, eventIds: readonly string[], faultsBefore: number): Promise<{ effects: number[]; lost: number }> {
  await rig.settle(eventIds, 90_000);
  const effects = eventIds.map((eventId) => rig.effects(eventId));
  const lost = (await Promise.all(eventIds.map((eventId) => rig.completed(eventId)))).filter((completed) => !completed).length;
  totals.scenarios += 1;
  totals.faults += rig.faultsInjected() - faultsBefore;
  totals.events += eventIds.length;
  totals.effects += effects.reduce((sum, count) => sum + count, 0);
  totals.lost += lost;
  return { effects, lost };
}

/** The one line the run prints: the totals of every scenario account() settled. */
export function faultTotalsLine(): string {
  return `faults: ${totals.scenarios} scenarios, ${totals.faults} faults injected, `
    + `effects/event ${(totals.events === 0 ? 0 : totals.effects / totals.events).toFixed(2)}, lost ${totals.lost}\n`;
}

export const invokeOf = (eventId: string, action: FaultRule['action']): FaultRule => ({ operation: 'Invoke', bodyIncludes: [eventId], action });
/** The worker's claim write of `eventId` (its value list holds ':inProgress'; complete, fail and hold do not). */
export const claimOf = (eventId: string, action: FaultRule['action']): FaultRule => ({ operation: 'UpdateItem', bodyIncludes: [eventId, ':inProgress'], action });
export const completionOf = (eventId: string, action: FaultRule['action']): FaultRule => ({ operation: 'UpdateItem', bodyIncludes: [eventId, ':completed'], action });
export const LEASE_LOST = /"message":"lease lost"/;

/** Sends `eventIds` (one group each) straight to the queue in one call, so one receive takes them as one batch. */
export async function enqueueOneBatch(rig: FaultRig, eventIds: readonly string[]): Promise<void> {
  const sqs = new SQSClient({ ...LOCAL_AWS, endpoint: rig.pipeline.endpoints.sqs });
  try {
    await sqs.send(new SendMessageBatchCommand({
      QueueUrl: rig.pipeline.names.queueUrl,
      Entries: eventIds.map((eventId, index) => ({
        Id: String(index),
        MessageBody: JSON.stringify({ eventId, ...sampleTicketWebhook(`ticket-${eventId}`) }),
        MessageGroupId: `ticket-${eventId}`,
        MessageDeduplicationId: eventId,
        MessageAttributes: {
          [MESSAGE_ATTRIBUTE_EVENT_ID]: { DataType: 'String', StringValue: eventId },
          [MESSAGE_ATTRIBUTE_RECEIVED_AT]: { DataType: 'Number', StringValue: String(rig.pipeline.now()) },
        },
      })),
    }));
  } finally {
    sqs.destroy();
  }
}
