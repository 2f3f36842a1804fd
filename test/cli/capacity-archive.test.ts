import { runCli } from './harness';
import { archiveCostPerMillion, archiveLineBytes, archiveVolume } from '../../cli/capacity/archive-cost';
import { DEFAULT_ASSUMPTIONS } from '../../cli/capacity/assumptions';
import { builtInPricing } from '../../cli/capacity/pricing';

describe('event archive cost lines', () => {
  const prices = builtInPricing().prices;

  test('at 2 KB the archive stays within $0.50 per million webhooks, one event per batch or ten', () => {
    const sparse = archiveCostPerMillion({ ...DEFAULT_ASSUMPTIONS, eventsPerWorkerInvocation: 1 }, prices).at2Kb;
    const batched = archiveCostPerMillion({ ...DEFAULT_ASSUMPTIONS, eventsPerWorkerInvocation: 10 }, prices).at2Kb;
    process.stdout.write(`[capacity archive] per million at 2 KB: $${sparse.toFixed(3)} (1 event per batch), $${batched.toFixed(3)} (10 per batch)\n`);
    expect(sparse).toBeLessThanOrEqual(0.5);
    // A batch's events share Firehose's 5 KB rounding: fewer billed bytes.
    expect(batched).toBeLessThan(sparse);
  });

  test('a line is measured by the archive format: the body, escaped, plus the metadata', () => {
    const bytes = archiveLineBytes(2_048);
    expect(bytes).toBeGreaterThan(2_048);
    expect(bytes).toBeLessThan(2_048 * 1.5);
    // One event per record: each rounded up to 5 KB.
    const v = archiveVolume(1_000_000, { ...DEFAULT_ASSUMPTIONS, eventBytes: 2_048, eventsPerWorkerInvocation: 1 });
    expect(v.billedGb).toBeCloseTo((1_000_000 * 5 * 1024) / 1024 ** 3, 6);
  });

  test('capacity prints the archive lines and the per-million share', async () => {
    const run = await runCli(['capacity', '--sample']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}Firehose \(archive\) +\d/m);
    expect(run.stdout).toMatch(/^ {2}S3 \(archive\) +\d/m);
    expect(run.stdout).toMatch(/of which the event archive: \$\d+\.\d\d per million at \d+ B, \$\d+\.\d\d at 2 KB/);
  });
});
