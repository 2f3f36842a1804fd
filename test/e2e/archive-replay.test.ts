/*
 * "We shipped a bug": end to end over real HTTP on loopback, with the archive (worker → loopback
 * Firehose → fauxqs S3) and the CLI's replay from it. 100 events are accepted; the processor is
 * wrong for 30 of them (it answers PROCESSED, but its effect is wrong); after the fix, replaying
 * those 30 from the archive runs each once more, a second run once more again, an interrupted and
 * resumed run sends each exactly once, and every group keeps its order.
 * What breaks it: a claim without replay epochs (replays are duplicates: 0 re-runs), a dedup id
 * without the run (a second run inside 5 minutes is dropped by SQS), a resume that re-sends.
 */
import { CountingProcessor } from './support/counting-processor';
import { startE2ePipeline, ticketEvent } from './support/e2e-pipeline';
import { messagesIn, waitUntil } from './support/queue-state';
import { runReplay } from '../../cli/commands/replay';
import { runStatus } from '../../cli/commands/status';
import { NO_PROGRESS } from '../../cli/replay/replay-progress';
import { encodeResumeToken } from '../../cli/replay/resume-token';
import { LOCAL_AWS } from '../../local/emulators';
import { LocalPipeline } from '../../local/pipeline';
import { ProcessorRequestPayload } from '../../src/contract';
import { useTestCredentials } from '../cli/harness';

const GROUPS = 10;
const PER_GROUP = 10;
const eventIdOf = (group: number, sequence: number) => `evt-g${group}-s${sequence}`;
/** The processor's bug hits the first 3 events of each ticket: 30 in all. */
const BUGGY = new Set(Array.from({ length: GROUPS }, (_, g) => [0, 1, 2].map((s) => eventIdOf(g, s))).flat());

interface CliOutput { code: number; stdout: string; stderr: string }

describe('archive and replay end to end', () => {
  let pipeline: LocalPipeline;
  let fixed = false;
  /** What the processor did to each event, in call order: 'wrong' while the bug is in, 'right' after the fix. */
  const results = new Map<string, string[]>();
  const processor = new CountingProcessor();
  const handler = async (request: ProcessorRequestPayload) => {
    const outcome = await processor.handler(request);
    const list = results.get(request.eventId) ?? [];
    list.push(BUGGY.has(request.eventId) && !fixed ? 'wrong' : 'right');
    results.set(request.eventId, list);
    return outcome;
  };
  let fromMs = 0;
  let toMs = 0;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    pipeline = await startE2ePipeline(handler, { throttlingRateLimit: 200, throttlingBurstLimit: 200 });
    useTestCredentials();
    process.env.AWS_REGION = LOCAL_AWS.region;
    process.env.AWS_ENDPOINT_URL_S3 = pipeline.archive!.s3Endpoint;
    process.env.AWS_ENDPOINT_URL_SQS = pipeline.endpoints.sqs;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = pipeline.endpoints.dynamodb;
  }, 60_000);
  afterAll(async () => {
    process.env = savedEnv;
    await pipeline?.close();
  }, 60_000);

  const replayCalls = (runId: string) => processor.calls.filter((call) => call.replay?.id === runId);
  const runIdIn = (text: string) => /replay run (\S+):/.exec(text)?.[1];
  const cli = async (args: string[], hooks = {}): Promise<CliOutput> => {
    let stdout = '';
    let stderr = '';
    const window = args.includes('--resume') ? [] : ['--from', String(fromMs), '--to', String(toMs)];
    const code = await runReplay([
      ...window,
      '--archive-bucket', pipeline.archive!.bucket, '--queue-url', pipeline.names.queueUrl,
      '--table', pipeline.names.table, '--key-prefix', pipeline.names.eventKeyPrefix,
      '--required-pointer', '/ticket/id', '--rate', '50', '--force', ...args,
    ], {
      stdout: (text) => { stdout += text; },
      stderr: (text) => { stderr += text; },
    }, hooks);
    return { code, stdout, stderr };
  };
  const buggyIds = () => [...BUGGY].flatMap((id) => ['--event-id', id]);
  const waitForReplays = (runId: string, count: number) =>
    waitUntil(() => replayCalls(runId).length >= count && processor.calls.length > 0, 60_000, `${count} replays of run ${runId} ran`);

  /** Each group's replayed events came in their original sequence. */
  const expectGroupOrder = (calls: ProcessorRequestPayload[]) => {
    for (let g = 0; g < GROUPS; g++) {
      const ids = calls.filter((call) => call.messageGroupId === `ticket-${g}`).map((call) => call.eventId);
      expect(ids).toEqual([...ids].sort((a, b) => Number(a.split('-s')[1]) - Number(b.split('-s')[1])));
    }
  };

  test('100 accepted, 30 processed wrongly: all 100 are in the archive', async () => {
    // Prepare
    fromMs = pipeline.now();
    const bodies: Array<Record<string, unknown>> = [];
    for (let s = 0; s < PER_GROUP; s++) for (let g = 0; g < GROUPS; g++) bodies.push(ticketEvent(eventIdOf(g, s), `ticket-${g}`, s));

    // Act: per ticket in order (a sender delivers one ticket's events one after another).
    const answers = await Promise.all(Array.from({ length: GROUPS }, async (_, g) => {
      const codes: number[] = [];
      for (let s = 0; s < PER_GROUP; s++) codes.push((await pipeline.send(ticketEvent(eventIdOf(g, s), `ticket-${g}`, s))).statusCode);
      return codes;
    }));
    await waitUntil(() => processor.effects.size === 100, 60_000, 'all 100 are processed');
    await waitUntil(async () => await messagesIn(pipeline, pipeline.names.queueUrl) === 0, 20_000, 'the queue is empty');
    toMs = pipeline.now() + 1;
    await pipeline.archive!.flush();
    const dryRun = await cli(['--dry-run']);

    // Assess
    expect(answers.flat()).toEqual(Array(100).fill(200));
    expect([...BUGGY].every((id) => results.get(id)?.[0] === 'wrong')).toBe(true);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('dry run: 100 event(s) would be sent');
    expect(pipeline.archive!.putCalls()).toBeGreaterThan(0);
    process.stdout.write(`[e2e archive] 100 accepted, archived in ${pipeline.archive!.putCalls()} PutRecordBatch call(s)\n`);
  }, 120_000);

  test('after the fix, a replay of the 30 by event id runs exactly those 30 once each, in group order', async () => {
    // Prepare
    fixed = true;
    const callsBefore = processor.calls.length;

    // Act
    const run = await cli(buggyIds());
    const runId = runIdIn(run.stdout)!;
    await waitForReplays(runId, 30);
    await waitUntil(async () => await messagesIn(pipeline, pipeline.names.queueUrl) === 0, 20_000, 'the queue is empty');

    // Assess
    const calls = processor.calls.slice(callsBefore);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('sent 30 of 30 event(s) in 10 group(s)');
    expect(calls.map((call) => call.eventId).sort()).toEqual([...BUGGY].sort());
    expect(calls.every((call) => call.replay?.id === runId && typeof call.replay.requestedAt === 'string')).toBe(true);
    expect([...BUGGY].every((id) => results.get(id)!.join(',') === 'wrong,right')).toBe(true);
    expectGroupOrder(calls);
  }, 120_000);

  let secondRun: { runId: string; requestedAt: number } | undefined;

  test('a second replay run runs them once more', async () => {
    // Prepare
    const callsBefore = processor.calls.length;

    // Act
    const second = await cli(['--status', 'completed', ...buggyIds()]);
    const runId = runIdIn(second.stdout)!;
    secondRun = { runId, requestedAt: pipeline.now() };
    await waitForReplays(runId, 30);
    await waitUntil(async () => await messagesIn(pipeline, pipeline.names.queueUrl) === 0, 20_000, 'the queue is empty');

    // Assess
    expect(second.code).toBe(0);
    expect(processor.calls.length - callsBefore).toBe(30);
    expect([...BUGGY].every((id) => processor.effects.get(id) === 3)).toBe(true);
    expect([...processor.effects.entries()].filter(([id]) => !BUGGY.has(id)).every(([, n]) => n === 1)).toBe(true);
  }, 120_000);

  test('the same run sent again, past SQS\'s 5-minute deduplication window, collapses at the claim', async () => {
    // Prepare: a token of the second run that claims nothing was sent, so every event goes out again in that run.
    const callsBefore = processor.calls.length;
    const token = encodeResumeToken({ v: 2, ...secondRun!, fromMs, toMs, status: 'any', eventIds: [...BUGGY], progress: NO_PROGRESS });
    await pipeline.advanceClock(301_000);

    // Act
    const again = await cli(['--resume', token]);
    await waitUntil(async () => await messagesIn(pipeline, pipeline.names.queueUrl) === 0, 30_000, 'the queue is empty');
    const duplicates = () => pipeline.events.filter((step) => step.kind === 'duplicate' && BUGGY.has(step.eventId ?? '')).length;
    await waitUntil(() => duplicates() >= 30, 30_000, 'the worker saw 30 duplicates');

    // Assess
    expect(again.stdout).toContain('sent 30 of 30');
    expect(processor.calls.length - callsBefore).toBe(0);
    expect([...BUGGY].every((id) => processor.effects.get(id) === 3)).toBe(true);
  }, 120_000);

  test('a run interrupted at 50% and resumed sends each event exactly once', async () => {
    // Prepare
    const callsBefore = processor.calls.length;
    const interrupt = new AbortController();

    // Act
    const first = await cli(buggyIds(), { signal: interrupt.signal, onSent: (_id: string, sent: number) => sent >= 15 && interrupt.abort() });
    const token = /--resume (\S+)/.exec(first.stderr)?.[1];
    const resumed = await cli(['--resume', token!]);
    const runId = runIdIn(resumed.stdout)!;
    await waitForReplays(runId, 30);
    await waitUntil(async () => await messagesIn(pipeline, pipeline.names.queueUrl) === 0, 20_000, 'the queue is empty');

    // Assess
    const sentFirst = Number(/sent (\d+) of 30/.exec(first.stdout)?.[1]);
    process.stdout.write(`[e2e archive] interrupted after ${sentFirst} of 30 sends; resumed run ${runId}: ${resumed.stdout.trim()}\n`);
    expect(first.code).toBe(130);
    expect(runIdIn(first.stdout)).toBe(runId);
    expect(sentFirst).toBeGreaterThanOrEqual(15);
    expect(sentFirst).toBeLessThan(30);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('sent 30 of 30');
    const calls = processor.calls.slice(callsBefore);
    expect(calls.map((call) => call.eventId).sort()).toEqual([...BUGGY].sort());
    expect(calls.every((call) => call.replay?.id === runId)).toBe(true);
    expectGroupOrder(calls);
  }, 120_000);

  test('negative control: restarting after the interruption without the token runs the sent half twice', async () => {
    // Prepare
    const callsBefore = processor.calls.length;
    const interrupt = new AbortController();

    // Act
    const first = await cli(buggyIds(), { signal: interrupt.signal, onSent: (_id: string, sent: number) => sent >= 15 && interrupt.abort() });
    const restarted = await cli(buggyIds());
    await waitForReplays(runIdIn(restarted.stdout)!, 30);
    await waitUntil(async () => await messagesIn(pipeline, pipeline.names.queueUrl) === 0, 20_000, 'the queue is empty');
    const sentFirst = Number(/sent (\d+) of 30/.exec(first.stdout)?.[1]);
    await waitForReplays(runIdIn(first.stdout)!, sentFirst);

    // Assess: a new run is a new effect, so what the first run sent ran twice.
    const calls = processor.calls.slice(callsBefore);
    const runsPerEvent = new Map<string, number>();
    for (const call of calls) runsPerEvent.set(call.eventId, (runsPerEvent.get(call.eventId) ?? 0) + 1);
    expect(sentFirst).toBeGreaterThanOrEqual(15);
    expect(calls.length).toBe(30 + sentFirst);
    expect([...runsPerEvent.values()].filter((n) => n === 2).length).toBe(sentFirst);
  }, 120_000);

  test('status shows the event in the archive and the replay runs it ran in', async () => {
    // Prepare
    let stdout = '';
    const io = { stdout: (text: string) => { stdout += text; }, stderr: () => undefined };

    // Act
    const code = await runStatus([eventIdOf(0, 0), '--archive', '--archive-bucket', pipeline.archive!.bucket,
      '--table', pipeline.names.table, '--key-prefix', pipeline.names.eventKeyPrefix], io);
    const plain = await runStatus([eventIdOf(0, 5), '--archive', '--archive-bucket', pipeline.archive!.bucket,
      '--table', pipeline.names.table, '--key-prefix', pipeline.names.eventKeyPrefix], io);

    // Assess
    const [buggy, untouched] = stdout.split(/(?=^event:)/m);
    expect(code).toBe(0);
    expect(plain).toBe(0);
    expect(buggy).toMatch(/^archive:\s+archived \(received /m);
    // The first and second runs, the interrupted-and-resumed run, and the negative control's two runs.
    expect(/^replay runs:\s+(.*)$/m.exec(buggy)?.[1].split(', ')).toHaveLength(5);
    expect(/^replays completed:\s+(.*)$/m.exec(buggy)?.[1].split(', ')).toHaveLength(5);
    expect(untouched).toMatch(/^archive:\s+archived/m);
    expect(untouched).not.toMatch(/^replay runs/m);
  }, 60_000);
});
