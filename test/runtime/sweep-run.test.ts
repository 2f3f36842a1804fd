/*
 * The sweep's cursor through the real DynamoDB client on dynalite, with the real enqueuer on fauxqs
 * and a scripted source (newest-first pages of 3): resume without gaps, overlap without double
 * processing, bounds, deferral, failure, the lease; each rule with a negative control.
 */
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { EnqueueRuntimeConfig, SweepRuntimeConfig, eventKeyPrefixOf } from '../../src/contract';
import { createEnqueuer, Enqueuer, eventIdFromPointers, SweepPage, SweepPageRequest, SweepSource } from '../../src/runtime';
import { DynamoIdempotencyStore } from '../../src/runtime/aws/idempotency-store';
import { AuditLog } from '../../src/runtime/observability/audit-log';
import { Metrics } from '../../src/runtime/observability/metrics';
import { DynamoDbSweepCursor, SweepCursorStore, SweepState } from '../../src/runtime/sweep/sweep-cursor';
import { runSweep, SweepRunSummary } from '../../src/runtime/sweep/sweep-run';
import { createFifoQueueWithDlq, createStateTable, dynamoClient, RunningEmulator, sqsClient, startDynalite, startFauxqs } from '../support/emulators';

const T0 = Date.UTC(2026, 10, 24, 12);
const MINUTE = 60_000;
const PREFIX = eventKeyPrefixOf('sweep-Webhooks-1A2B3C4D');
const ID_POINTERS = ['/ticket/id', '/ticket/updatedAt'];
const PAGE_SIZE = 3;

interface Item { readonly id: string; updatedAt: number; visible: boolean }

/** A listing newest-first by update time, paged by page number, like GET /tickets?order=desc. */
class ScriptedSource implements SweepSource {
  public readonly items: Item[] = [];
  public readonly listed: string[] = [];
  public deferOnPage?: number;
  public failOnPage?: number;

  public add(id: string, updatedAt: number, visible = true): Item {
    const item = { id, updatedAt, visible };
    this.items.push(item);
    return item;
  }

  public async listPage(request: SweepPageRequest): Promise<SweepPage> {
    const page = Number(request.pageToken ?? '1');
    if (this.deferOnPage === page) {
      this.deferOnPage = undefined;
      return { retryAfterMs: 20_000 };
    }
    if (this.failOnPage === page) {
      this.failOnPage = undefined;
      throw new Error('listing failed');
    }
    const newestFirst = this.items.filter((item) => item.visible).sort((a, b) => b.updatedAt - a.updatedAt);
    const slice = newestFirst.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const inWindow = slice.filter((item) => item.updatedAt >= request.fromMs && item.updatedAt < request.untilMs);
    this.listed.push(...inWindow.map((item) => item.id));
    const more = slice.length === PAGE_SIZE && slice[slice.length - 1].updatedAt >= request.fromMs;
    return {
      candidates: inWindow.map((item) => ({ event: { event: 'ticket.updated', ticket: { id: item.id, updatedAt: item.updatedAt } } })),
      nextPageToken: more ? String(page + 1) : undefined,
    };
  }
}

const CONFIG: SweepRuntimeConfig = {
  sweepName: 'test',
  tableName: '',
  cursorKey: '',
  intervalSeconds: 300,
  overlapSeconds: 60,
  settleSeconds: 60,
  initialLookbackSeconds: 3600,
  maxItems: 500,
  maxRunSeconds: 30,
  leaseSeconds: 60,
  cursorTtlSeconds: 86_400,
  metrics: { namespace: 'AckFastWebhookPipeline', pipeline: 'test-Webhooks' },
};

let dynalite: RunningEmulator;
let fauxqs: RunningEmulator;
let dynamo: ReturnType<typeof dynamoClient>;
let sqs: SQSClient;
let tableNumber = 0;

beforeAll(async () => {
  [dynalite, fauxqs] = await Promise.all([startDynalite(), startFauxqs()]);
  dynamo = dynamoClient(dynalite.endpoint);
  sqs = sqsClient(fauxqs.endpoint);
});
afterAll(async () => {
  dynamo?.destroy();
  sqs?.destroy();
  await Promise.all([dynalite?.stop(), fauxqs?.stop()]);
});

/** A fresh table, queue, source and clock; `run()` is one sweep run at the clock's time. */
async function rig(
  overrides: Partial<SweepRuntimeConfig> = {}, wrapCursor: (store: SweepCursorStore) => SweepCursorStore = (store) => store,
  ingressFilters?: EnqueueRuntimeConfig['ingressFilters'],
) {
  const tableName = `sweep-${++tableNumber}`;
  await createStateTable(dynamo, tableName);
  const { queueUrl } = await createFifoQueueWithDlq(sqs, `sweep-${process.pid}-${tableNumber}`);
  const config = { ...CONFIG, tableName, cursorKey: `sweep#test#${tableNumber}`, ...overrides };
  const clock = { now: T0 };
  const source = new ScriptedSource();
  const enqueuer: Enqueuer = createEnqueuer({
    config: {
      queueUrl,
      maxBodyBytes: 4096,
      eventIdHeaders: [],
      eventIdJsonPointers: ID_POINTERS,
      messageGroupIdJsonPointer: '/ticket/id',
      requiredJsonPointers: ID_POINTERS,
      receivedCheck: { tableName, eventKeyPrefix: PREFIX },
      ingressFilters,
    },
    sqsClient: sqs,
    dynamoDbClient: dynamo,
    now: () => clock.now,
  });
  const store = new DynamoIdempotencyStore(dynamo, tableName, PREFIX);
  const lines: string[] = [];
  const eventIdOf = (id: string) => {
    const payload = { ticket: { id, updatedAt: source.items.find((i) => i.id === id)!.updatedAt } };
    return (eventIdFromPointers(payload, ID_POINTERS) as { eventId: string }).eventId;
  };
  /** The push arrived (or the worker processed a recovered event): the idempotency record exists. */
  const receive = async (id: string) => store.claim(eventIdOf(id), {
    leaseOwner: 'worker', messageGroupId: id, nowMs: clock.now, leaseExpiresAt: clock.now + 1000, ttlSeconds: 3600,
  });
  const cursor = () => wrapCursor(new DynamoDbSweepCursor({
    client: dynamo, tableName, cursorKey: config.cursorKey, leaseSeconds: 60, ttlSeconds: 3600,
  }));
  const run = async (): Promise<SweepRunSummary> => {
    const batch = new Metrics(config.metrics, (line) => lines.push(line), () => clock.now).batch();
    try {
      return await runSweep({ config, source, cursor: cursor(), enqueuer, metrics: batch, log: new AuditLog('sweep', () => undefined), now: () => clock.now });
    } finally {
      batch.flush();
    }
  };
  const queued = async (): Promise<string[]> => {
    const groups: string[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['MessageGroupId'], VisibilityTimeout: 300 }));
      if (Messages.length === 0) return groups.sort();
      groups.push(...Messages.map((message) => message.Attributes!.MessageGroupId!));
    }
  };
  const metric = (name: string) => lines.map((line) => JSON.parse(line)).filter((doc) => name in doc).map((doc) => doc[name] as number);
  return { clock, source, run, receive, queued, metric, cursor };
}

describe('runSweep (dynalite + fauxqs)', () => {
  test('enqueues exactly the unreceived items of the window and reports the Sweep metrics', async () => {
    // Prepare: 7 tickets updated in the last 50 minutes, 4 of them pushed successfully.
    const r = await rig();
    r.clock.now = T0 + 60 * MINUTE;
    for (let i = 1; i <= 7; i++) r.source.add(`t-${i}`, T0 + (5 + i * 6) * MINUTE);
    for (const id of ['t-1', 't-3', 't-5', 't-7']) await r.receive(id);

    // Act
    const summary = await r.run();

    // Assess
    expect(summary).toMatchObject({ outcome: 'COMPLETED', candidates: 7, recovered: 3, duplicates: 4, errors: 0 });
    expect(await r.queued()).toEqual(['t-2', 't-4', 't-6']);
    expect({ candidates: r.metric('SweepCandidates'), recovered: r.metric('SweepRecovered'), errors: r.metric('SweepErrors') })
      .toEqual({ candidates: [7], recovered: [3], errors: [0] });
    expect(r.metric('SweepCursorLag')).toEqual([60]);
  });

  test('a candidate the pipeline\'s ingress filters leave out is counted as filtered, not recovered; negative control: without the filter it is recovered', async () => {
    // Prepare: the source lists ticket.updated events; the pipeline accepts only ticket.created.
    const filtered = await rig({}, undefined, [{ pointer: '/event', acceptedValues: ['ticket.created'] }]);
    const unfiltered = await rig();
    for (const r of [filtered, unfiltered]) {
      r.clock.now = T0 + 60 * MINUTE;
      for (let i = 1; i <= 3; i++) r.source.add(`t-${i}`, T0 + (5 + i * 6) * MINUTE);
    }

    // Act
    const [withFilter, withoutFilter] = [await filtered.run(), await unfiltered.run()];

    // Assess
    expect(withFilter).toMatchObject({ outcome: 'COMPLETED', candidates: 3, recovered: 0, filtered: 3, duplicates: 0, errors: 0 });
    expect(await filtered.queued()).toEqual([]);
    expect(withoutFilter).toMatchObject({ candidates: 3, recovered: 3, filtered: 0 });
    expect(await unfiltered.queued()).toEqual(['t-1', 't-2', 't-3']);
  });

  test('a run stopped by maxItems resumes at the saved page: every item once, none missed; negative control: a cursor that jumps ahead misses items', async () => {
    for (const naive of [false, true]) {
      // Prepare: 10 unreceived items; a run handles at most 4 (two pages of 3).
      const jumpAhead = (store: SweepCursorStore): SweepCursorStore => ({
        claim: (nowMs) => store.claim(nowMs),
        release: () => store.release(),
        // The bug a cursor without a page token has: an interrupted window counts as done.
        save: (state: SweepState, nowMs) => store.save(state.window ? { coveredUntilMs: state.window.untilMs } : state, nowMs),
      });
      const r = await rig({ maxItems: 4 }, naive ? jumpAhead : undefined);
      r.clock.now = T0 + 60 * MINUTE;
      for (let i = 1; i <= 10; i++) r.source.add(`t-${String(i).padStart(2, '0')}`, T0 + (10 + i * 4) * MINUTE);

      // Act: the first run stops early; an item is updated before the next (it moves to the front).
      const first = await r.run();
      r.clock.now += 5 * MINUTE;
      r.source.items.find((item) => item.id === 't-02')!.updatedAt = r.clock.now - 2 * MINUTE;
      const second = await r.run();
      r.clock.now += 5 * MINUTE;
      await r.run();

      // Assess
      const queued = await r.queued();
      if (naive) {
        expect(queued.length).toBeLessThan(10);
      } else {
        expect(first).toMatchObject({ outcome: 'BOUNDED', candidates: 6, pages: 2 });
        // Page 3 now starts one item later (t-02 moved to the front): t-05 is listed again. No worker has claimed it
        // yet (none runs here), so it is sent and counted again; SQS's deduplication id keeps one copy (asserted below).
        expect(second).toMatchObject({ candidates: 4, recovered: 4 });
        expect(queued).toEqual(r.source.items.map((item) => item.id).sort());
      }
    }
  });

  test('overlap: an item listed late (updated just before the last window ended) is found; re-listed items are not sent twice; negative control: no overlap misses it', async () => {
    for (const overlapSeconds of [60, 0]) {
      // Prepare: t-late was updated 30 s before the first window's end, but the listing shows it only later.
      const r = await rig({ overlapSeconds });
      r.clock.now = T0 + 60 * MINUTE;
      r.source.add('t-early', T0 + 30 * MINUTE);
      const late = r.source.add('t-late', r.clock.now - 60_000 - 30_000, false);

      // Act
      await r.run();
      late.visible = true;
      r.clock.now += 5 * MINUTE;
      const second = await r.run();

      // Assess
      const queued = await r.queued();
      if (overlapSeconds > 0) {
        expect(queued).toEqual(['t-early', 't-late']);
        expect(second.recovered).toBe(1);
      } else {
        expect(queued).toEqual(['t-early']);
      }
    }
  });

  test('re-listing the overlap after the worker processed a recovered event sends nothing: the second sweep recovers 0', async () => {
    // Prepare
    const r = await rig();
    r.clock.now = T0 + 60 * MINUTE;
    r.source.add('t-1', r.clock.now - 90_000);

    // Act: the first sweep recovers it, the worker processes it, the next sweep re-lists it in the overlap.
    const first = await r.run();
    await r.receive('t-1');
    r.clock.now += 5 * MINUTE;
    const second = await r.run();

    // Assess
    expect([first.recovered, second.recovered, second.duplicates]).toEqual([1, 0, 1]);
    expect(await r.queued()).toEqual(['t-1']);
  });

  test('a deferral (429 or an empty bucket) ends the run and the next one retries the same page: nothing dropped', async () => {
    // Prepare
    const r = await rig();
    r.clock.now = T0 + 60 * MINUTE;
    for (let i = 1; i <= 7; i++) r.source.add(`t-${i}`, T0 + (10 + i * 5) * MINUTE);
    r.source.deferOnPage = 2;

    // Act
    const deferred = await r.run();
    r.clock.now += 5 * MINUTE;
    const resumed = await r.run();

    // Assess
    expect(deferred).toMatchObject({ outcome: 'DEFERRED', candidates: 3 });
    expect(r.metric('SweepDeferred')).toEqual([1]);
    expect(resumed.outcome).toBe('COMPLETED');
    expect(await r.queued()).toEqual(['t-1', 't-2', 't-3', 't-4', 't-5', 't-6', 't-7']);
  });

  test('a failing listing fails the run (SweepErrors), keeps the cursor at the failed page, and the next run goes on from there', async () => {
    // Prepare
    const r = await rig();
    r.clock.now = T0 + 60 * MINUTE;
    for (let i = 1; i <= 5; i++) r.source.add(`t-${i}`, T0 + (10 + i * 5) * MINUTE);
    r.source.failOnPage = 2;

    // Act
    await expect(r.run()).rejects.toThrow('listing failed');
    const listedBefore = r.source.listed.length;
    const next = await r.run();

    // Assess
    expect(r.metric('SweepErrors')).toEqual([1, 0]);
    expect(listedBefore).toBe(3);
    expect(next).toMatchObject({ outcome: 'COMPLETED', candidates: 2 });
    expect(await r.queued()).toEqual(['t-1', 't-2', 't-3', 't-4', 't-5']);
  });

  test('the lease: a second run while one holds the cursor does nothing (BUSY); after it expires, a run proceeds', async () => {
    // Prepare
    const r = await rig();
    r.clock.now = T0 + 60 * MINUTE;
    r.source.add('t-1', T0 + 30 * MINUTE);
    const holder = r.cursor();
    await holder.claim(r.clock.now);

    // Act
    const busy = await r.run();
    r.clock.now += 61_000;
    const after = await r.run();

    // Assess
    expect(busy).toMatchObject({ outcome: 'BUSY', candidates: 0 });
    expect(after).toMatchObject({ outcome: 'COMPLETED', recovered: 1 });
    expect(await holder.save({ coveredUntilMs: 0 }, r.clock.now)).toBe(false);
  });
});
