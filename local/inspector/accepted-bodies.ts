/*
 * The raw bodies of the last events the local ingress accepted, kept in memory so the inspector
 * can replay one. Only the replay reads them: no page, JSON answer or log line ever shows a body.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CommandError } from '../../cli/options';
import { EventRecordTable } from '../../cli/replay/replay-record';
import { rerunWith } from '../../cli/replay/rerun-now';
import { BodyRules, checkWebhookBody } from '../../src/runtime/ingest/webhook-body';

/** How many accepted bodies the local pipeline keeps (the oldest goes first). */
export const KEPT_BODIES = 500;

export class AcceptedBodies {
  private readonly bodies = new Map<string, Buffer>();

  constructor(private readonly limit = KEPT_BODIES) {}

  public remember(eventId: string, rawBody: Buffer): void {
    this.bodies.delete(eventId);
    this.bodies.set(eventId, Buffer.from(rawBody));
    while (this.bodies.size > this.limit) this.bodies.delete(this.bodies.keys().next().value!);
  }

  public has(eventId: string): boolean {
    return this.bodies.has(eventId);
  }

  public get(eventId: string): Buffer | undefined {
    return this.bodies.get(eventId);
  }
}

export interface LocalReplayTarget {
  readonly dynamo: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly table: EventRecordTable;
  readonly queueUrl: string;
  /** The ingress's own body rules: a replayed body passes the same checks. */
  readonly rules: BodyRules;
  readonly now: () => number;
}

/** Why an event cannot be replayed locally (the inspector shows it); thrown by replayAccepted. */
export class LocalReplayRefused extends Error {
  public readonly name = 'LocalReplayRefused';
}

/**
 * `ack-fast-webhook replay <eventId> --message-file` with the kept body: marks the record for
 * replay, then puts the body on the queue with a fresh deduplication id, so the worker runs it now.
 */
export async function replayAccepted(bodies: AcceptedBodies, target: LocalReplayTarget, eventId: string): Promise<string> {
  const rawBody = bodies.get(eventId);
  if (rawBody === undefined) {
    throw new LocalReplayRefused(`replay ${eventId}: this local pipeline did not accept that event (or it is older than the last ${KEPT_BODIES}); nothing changed or sent`);
  }
  const checked = checkWebhookBody(rawBody, target.rules);
  if (!checked.ok) throw new LocalReplayRefused(`replay ${eventId}: the kept body no longer passes the ingress checks (${checked.message}); nothing changed or sent`);
  try {
    return await rerunWith(target.dynamo, target.sqs, {
      eventId, table: target.table, queueUrl: target.queueUrl, message: { bodyText: checked.bodyText, payload: checked.payload },
    }, target.now());
  } catch (error) {
    if (error instanceof CommandError) throw new LocalReplayRefused(error.message);
    throw error;
  }
}
