/*
 * An archive outage never blocks or loses an event: with Firehose unreachable (a real TCP proxy
 * resetting every connection) the events are processed all the same and the worker counts
 * ArchiveFailures; with Firehose reachable (the negative control) the same scenario archives
 * every event and counts no failure. In both processor modes: the in-process worker (createWorker)
 * archives through the same composition as the bundled one.
 */
import { CountingProcessor } from './support/counting-processor';
import { startE2ePipeline, ticketEvent } from './support/e2e-pipeline';
import { waitUntil } from './support/queue-state';
import { readArchiveWindow } from '../../cli/replay/archive-reader';
import { localS3Client } from '../../local/local-archive';
import { LocalPipeline } from '../../local/pipeline';

function archiveFailuresIn(lines: readonly string[]): number {
  return lines.filter((line) => line.includes('"ArchiveFailures"'))
    .map((line) => Number((JSON.parse(line) as { ArchiveFailures?: number }).ArchiveFailures ?? 0))
    .reduce((sum, n) => sum + n, 0);
}

describe.each(['lambda', 'in-process'] as const)('archive outage (processor mode %s)', (processorMode) => {
  let pipeline: LocalPipeline;
  const processor = new CountingProcessor();
  const workerLines: string[] = [];

  beforeAll(async () => {
    pipeline = await startE2ePipeline(processor.handler, {}, {
      faultInjection: true,
      processorMode,
      onHandlerLine: (component, line) => component === 'worker' && workerLines.push(line),
    });
  }, 60_000);
  afterAll(async () => {
    await pipeline?.close();
  }, 60_000);

  async function sendTen(prefix: string): Promise<{ fromMs: number; toMs: number }> {
    const fromMs = pipeline.now();
    for (let i = 0; i < 10; i++) expect((await pipeline.send(ticketEvent(`${prefix}-${i}`, `ticket-${prefix}`, i))).statusCode).toBe(200);
    await waitUntil(() => Array.from({ length: 10 }, (_, i) => `${prefix}-${i}`).every((id) => processor.effects.get(id) === 1), 30_000, `${prefix} processed`);
    await waitUntil(() => pipeline.workerInvocationsRunning() === 0, 10_000, 'the worker is idle');
    await pipeline.archive!.flush();
    return { fromMs, toMs: pipeline.now() + 1 };
  }

  async function archivedIds(window: { fromMs: number; toMs: number }, prefix: string): Promise<string[]> {
    const s3 = localS3Client(pipeline.archive!.s3Endpoint);
    try {
      const read = await readArchiveWindow(s3, { bucket: pipeline.archive!.bucket, ...window, scanMarginMs: 3_600_000 });
      return read.records.map((record) => record.eventId).filter((id) => id.startsWith(prefix));
    } finally {
      s3.destroy();
    }
  }

  test('Firehose unreachable: every event is still processed once, and the failures are counted', async () => {
    // Prepare
    pipeline.faults.firehose!.available = false;
    workerLines.length = 0;

    // Act
    const window = await sendTen('outage');

    // Assess
    const failures = archiveFailuresIn(workerLines);
    process.stdout.write(`[e2e archive outage, ${processorMode}] 10 processed, ArchiveFailures ${failures}, archived ${(await archivedIds(window, 'outage')).length}\n`);
    expect(failures).toBe(10);
    expect(await archivedIds(window, 'outage')).toEqual([]);
  }, 60_000);

  test('negative control: Firehose reachable, the same events are archived and no failure is counted', async () => {
    // Prepare
    pipeline.faults.firehose!.available = true;
    workerLines.length = 0;

    // Act
    const window = await sendTen('healthy');

    // Assess
    expect(archiveFailuresIn(workerLines)).toBe(0);
    expect((await archivedIds(window, 'healthy')).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `healthy-${i}`).sort());
  }, 60_000);
});
