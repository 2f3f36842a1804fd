/*
 * The example app's reconciliation sweep on the local pipeline (its rp-mw-dev template, the real
 * ingress, worker and processor, dynalite, fauxqs, the fake Richpanel): an ingress outage loses 10 of
 * 30 pushes (Richpanel does not retry); the sweep finds exactly those 10 through GET /tickets and they
 * are processed once, the 20 delivered ones collapse. Negative control: with body-hash ids, a ticket
 * edited after its push is processed twice.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { untilAdvancingClock } from './support/queue-state';
import { LocalProcessor, startLocalProcessor } from '../../examples/prod-app/processor/local-processor';
import { EVENT_ID_POINTERS, EVENT_TYPE_POINTER, TICKET_ID_POINTER } from '../../examples/prod-app/processor/richpanel-webhook';
import { localSweepSource } from '../../examples/prod-app/sweep/local-sweep-source';
import { exampleTemplate } from '../../local/example-template';
import { LocalPipeline, startLocalPipeline } from '../../local/pipeline';
import { LocalSweep, startLocalSweep } from '../../local/sweep';
import { CfnTemplate } from '../../local/template-settings';
import { AckFastWebhookPipeline, AckFastWebhookPipelineProps, ReconciliationSweep, WebhookAuthentication } from '../../src';
import { eventIdFromPointers } from '../../src/runtime';

const CUSTOMER = { name: 'Jane Doe', email: 'jane.doe@example.com', lastOrderNumber: '1001' };

interface Rig {
  readonly pipeline: LocalPipeline;
  readonly processor: LocalProcessor;
  readonly sweep: LocalSweep;
  readonly lines: string[];
  close(): Promise<void>;
}

async function startRig(template: CfnTemplate, name: string): Promise<Rig> {
  let processor: LocalProcessor | undefined;
  // The example app's default: its processor in the worker (createWorker), as its template says.
  const pipeline = await startLocalPipeline({ template, name, processorMode: 'in-process', processor: async (request) => processor!.handler(request) });
  processor = await startLocalProcessor({
    tableName: pipeline.names.table, dynamoEndpoint: pipeline.endpoints.dynamodb, print: () => undefined, now: pipeline.now,
  });
  const source = localSweepSource({ processor, tableName: pipeline.names.table, dynamoEndpoint: pipeline.endpoints.dynamodb, now: pipeline.now });
  const lines: string[] = [];
  const sweep = startLocalSweep(pipeline, template, source.source, (line) => lines.push(line));
  return {
    pipeline,
    processor,
    sweep,
    lines,
    close: async () => {
      sweep.close();
      source.close();
      await pipeline.close();
      await processor!.close();
    },
  };
}

/** Ids processed (the processor ran), with how many times each. */
function processedCounts(pipeline: LocalPipeline): Map<string, number> {
  const counts = new Map<string, number>();
  for (const step of pipeline.events) if (step.kind === 'processed' && step.eventId) counts.set(step.eventId, (counts.get(step.eventId) ?? 0) + 1);
  return counts;
}

const metricValues = (lines: string[], name: string) => lines.map((line) => JSON.parse(line)).filter((doc) => name in doc).map((doc) => doc[name]);
const recoveredIds = (lines: string[]) => lines.map((line) => JSON.parse(line)).filter((doc) => doc.reason === 'missed-push').map((doc) => doc.eventId as string);
const idOf = (push: string) => (eventIdFromPointers(JSON.parse(push), EVENT_ID_POINTERS) as { eventId: string }).eventId;

/** Lets the sweep's settle delay (60 s) pass, moving the local clock only while no worker runs. */
async function letSettle(pipeline: LocalPipeline, ms: number): Promise<void> {
  while (pipeline.workerInvocationsRunning() > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  await pipeline.advanceClock(ms);
}

describe('reconciliation sweep of the example app (local pipeline, fake Richpanel)', () => {
  test('ingress outage: 30 events, 10 pushes fail; the sweep recovers exactly those 10 (SweepRecovered = 10), the 20 collapse, each is processed once; a second sweep recovers 0', async () => {
    // Prepare
    const rig = await startRig(exampleTemplate('rp-mw-dev'), 'sweep-outage');
    try {
      const { pipeline, processor, sweep } = rig;
      const pushes: Array<{ push: string; delivered: boolean; ticketId: string }> = [];
      for (let i = 1; i <= 30; i++) {
        const ticketId = `T-${i}`;
        // Every fifth customer asks for their order (a note each); the rest say thanks (no call).
        const { push } = processor.richpanel.tickets.customerMessage({ ticketId, text: i % 5 === 0 ? 'Where is my order #1001?' : 'Thanks, all good', customer: CUSTOMER });
        const delivered = i % 3 !== 0;
        // The ingress cannot store (SQS unreachable): it answers 503, and Richpanel never retries.
        pipeline.setSqsReachable(delivered);
        const answer = await pipeline.send(push);
        pipeline.setSqsReachable(true);
        expect({ ticketId, status: answer.statusCode }).toEqual({ ticketId, status: delivered ? 200 : 503 });
        pushes.push({ push, delivered, ticketId });
        // Below the dev stage's 10 requests/s throttle: the lost pushes are exactly the outage's.
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      const lost = pushes.filter((p) => !p.delivered).map((p) => idOf(p.push)).sort();
      const deliveredIds = pushes.filter((p) => p.delivered).map((p) => idOf(p.push));
      expect(await untilAdvancingClock(pipeline, () => deliveredIds.every((id) => processedCounts(pipeline).has(id)), 60_000)).toBe(true);
      await letSettle(pipeline, 2 * 60_000);

      // Act
      const first = await sweep.runOnce();
      const firstLines = rig.lines.splice(0);
      expect(await untilAdvancingClock(pipeline, () => processedCounts(pipeline).size === 30, 90_000)).toBe(true);
      await letSettle(pipeline, 5 * 60_000);
      const second = await sweep.runOnce();

      // Assess
      expect(first).toMatchObject({ outcome: 'COMPLETED', candidates: 30, recovered: 10, duplicates: 20, errors: 0 });
      expect(recoveredIds(firstLines).sort()).toEqual(lost);
      expect(metricValues(firstLines, 'SweepRecovered')).toEqual([10]);
      expect(metricValues(firstLines, 'SweepCandidates')).toEqual([30]);
      const counts = processedCounts(pipeline);
      expect([...counts.keys()].sort()).toEqual([...lost, ...deliveredIds].sort());
      expect([...counts.values()].every((times) => times === 1)).toBe(true);
      expect(pipeline.events.filter((step) => step.kind === 'duplicate')).toEqual([]);
      // The six order-status tickets got one note each: none missed, none twice.
      expect(processor.postedNotes.map((note) => note.ticketId).sort()).toEqual(['T-10', 'T-15', 'T-20', 'T-25', 'T-30', 'T-5']);
      expect(second).toMatchObject({ outcome: 'COMPLETED', recovered: 0, errors: 0 });
      expect(metricValues(rig.lines, 'SweepRecovered')).toEqual([0]);
      process.stdout.write(`[sweep outage] pushes 30, lost 10, recovered ${first.recovered}, duplicates ${first.duplicates}, processed ${counts.size} (each once), second sweep recovered ${second.recovered}\n`);
    } finally {
      await rig.close();
    }
  }, 240_000);

  test('negative control: with body-hash ids a ticket edited after its push looks new to the sweep and is processed twice; with the id fields it collapses', async () => {
    const results: Record<string, { recovered: number; notes: number }> = {};
    for (const variant of ['id fields', 'body hash'] as const) {
      // Prepare: the example pipeline's shape, with or without eventIdJsonPointers, and a sweep.
      const rig = await startRig(sweepTemplate(variant === 'id fields' ? { eventIdJsonPointers: EVENT_ID_POINTERS } : {}), `sweep-${variant.replace(' ', '-')}`);
      try {
        const { pipeline, processor, sweep } = rig;
        const { push, ticket } = processor.richpanel.tickets.customerMessage({ ticketId: 'T-edit', text: 'Where is my order #1001?', customer: CUSTOMER });
        expect((await pipeline.send(push)).statusCode).toBe(200);
        expect(await untilAdvancingClock(pipeline, () => processedCounts(pipeline).size === 1, 60_000)).toBe(true);
        // An agent corrects the customer's name: the ticket changes, the customer's message does not.
        processor.richpanel.tickets.tickets.set('T-edit', { ...ticket, customer: { ...ticket.customer, name: 'Jane Q. Doe' }, updatedAt: new Date(pipeline.now()).toISOString() });
        await letSettle(pipeline, 2 * 60_000);

        // Act
        const summary = await sweep.runOnce();
        const notesExpected = summary.recovered > 0 ? 2 : 1;
        await untilAdvancingClock(pipeline, () => pipeline.workerInvocationsRunning() === 0 && processor.postedNotes.length >= notesExpected, 60_000);

        // Assess (below, across both variants)
        results[variant] = { recovered: summary.recovered, notes: processor.postedNotes.length };
      } finally {
        await rig.close();
      }
    }
    expect(results).toEqual({ 'id fields': { recovered: 0, notes: 1 }, 'body hash': { recovered: 1, notes: 2 } });
  }, 240_000);
});

/** The example pipeline's shape (shared token, ticket groups, required fields) with a ReconciliationSweep. */
function sweepTemplate(overrides: Partial<AckFastWebhookPipelineProps>): CfnTemplate {
  const app = new App();
  const stack = new Stack(app, 'SweepE2E', { env: { account: '111111111111', region: 'us-east-2' } });
  const pipeline = new AckFastWebhookPipeline(stack, 'Webhooks', {
    authentication: WebhookAuthentication.sharedToken({ secret: new secretsmanager.Secret(stack, 'Token'), header: 'X-Richpanel-Webhook-Token' }),
    processor: lambda.Function.fromFunctionName(stack, 'Processor', 'sweep-e2e-processor'),
    processorTimeout: Duration.seconds(20),
    messageGroupIdJsonPointer: TICKET_ID_POINTER,
    requiredJsonPointers: [TICKET_ID_POINTER, EVENT_TYPE_POINTER],
    alarmsEnabled: false,
    ...overrides,
  });
  const sweepFunction = new lambda.Function(stack, 'SweepFunction', {
    runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => null;'), timeout: Duration.seconds(60),
  });
  new ReconciliationSweep(stack, 'Sweep', { pipeline, sweepFunction, alarmsEnabled: false });
  return Template.fromStack(stack).toJSON() as CfnTemplate;
}
