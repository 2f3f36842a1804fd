import { METRICS_NAMESPACE } from '../../../src/contract';
import { buildEmfDocument, Metrics } from '../../../src/runtime/observability/metrics';

const CONFIG = { namespace: METRICS_NAMESPACE, pipeline: 'orders' };
const NOW = 1_800_000_000_000;

function capture(config: typeof CONFIG | null = CONFIG) {
  const lines: string[] = [];
  const metrics = new Metrics(config ?? undefined, (line) => lines.push(line), () => NOW);
  return { metrics, lines, documents: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('EMF metrics', () => {
  test('counts and latencies of one batch become one EMF line with the Pipeline dimension', () => {
    // Prepare
    const { metrics, lines, documents } = capture();
    const batch = metrics.batch();

    // Act
    batch.count('Processed');
    batch.count('Processed');
    batch.count('Skipped', { value: 3 });
    batch.milliseconds('EndToEndLatency', 120);
    batch.flush();

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(documents()[0]).toEqual({
      _aws: {
        Timestamp: NOW,
        CloudWatchMetrics: [{
          Namespace: 'AckFastWebhookPipeline',
          Dimensions: [['Pipeline']],
          Metrics: [
            { Name: 'Processed', Unit: 'Count' },
            { Name: 'Skipped', Unit: 'Count' },
            { Name: 'EndToEndLatency', Unit: 'Milliseconds' },
          ],
        }],
      },
      Pipeline: 'orders',
      Processed: 2,
      Skipped: 3,
      EndToEndLatency: 120,
    });
  });

  test('a reason publishes under [Pipeline] and [Pipeline, Reason], one line per reason', () => {
    // Prepare
    const { metrics, documents } = capture();
    const batch = metrics.batch();

    // Act
    batch.count('Received');
    batch.count('Rejected', { reason: 'signature_mismatch' });
    batch.count('Rejected', { reason: 'body_too_large' });
    batch.flush();

    // Assess
    expect(documents()).toEqual([
      {
        _aws: { Timestamp: NOW, CloudWatchMetrics: [{ Namespace: 'AckFastWebhookPipeline', Dimensions: [['Pipeline']], Metrics: [{ Name: 'Received', Unit: 'Count' }] }] },
        Pipeline: 'orders',
        Received: 1,
      },
      {
        _aws: {
          Timestamp: NOW,
          CloudWatchMetrics: [{ Namespace: 'AckFastWebhookPipeline', Dimensions: [['Pipeline'], ['Pipeline', 'Reason']], Metrics: [{ Name: 'Rejected', Unit: 'Count' }] }],
        },
        Pipeline: 'orders',
        Reason: 'signature_mismatch',
        Rejected: 1,
      },
      {
        _aws: {
          Timestamp: NOW,
          CloudWatchMetrics: [{ Namespace: 'AckFastWebhookPipeline', Dimensions: [['Pipeline'], ['Pipeline', 'Reason']], Metrics: [{ Name: 'Rejected', Unit: 'Count' }] }],
        },
        Pipeline: 'orders',
        Reason: 'body_too_large',
        Rejected: 1,
      },
    ]);
  });

  test('several latencies are one array; more than 100 continue on a further line; bad values are dropped', () => {
    // Prepare
    const { metrics, documents } = capture();
    const batch = metrics.batch();

    // Act
    for (let i = 0; i < 102; i++) batch.milliseconds('EndToEndLatency', i);
    batch.milliseconds('EndToEndLatency', -5);
    batch.milliseconds('EndToEndLatency', Number.NaN);
    batch.count('Processed', { value: 102 });
    batch.flush();

    // Assess
    const [first, second] = documents();
    expect(documents()).toHaveLength(2);
    expect(first.EndToEndLatency).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(first.Processed).toBe(102);
    expect(second).toMatchObject({ Pipeline: 'orders', EndToEndLatency: [100, 101] });
    expect(second.Processed).toBeUndefined();
    expect((second._aws as { CloudWatchMetrics: Array<{ Metrics: unknown }> }).CloudWatchMetrics[0].Metrics)
      .toEqual([{ Name: 'EndToEndLatency', Unit: 'Milliseconds' }]);
  });

  test('without configuration, or with nothing recorded, nothing is written; flush empties the batch', () => {
    // Prepare
    const off = capture(null);
    const on = capture();
    const batch = on.metrics.batch();

    // Act
    const offBatch = off.metrics.batch();
    offBatch.count('Received');
    offBatch.flush();
    on.metrics.batch().flush();
    batch.count('Received');
    batch.flush();
    batch.flush();

    // Assess
    expect(off.lines).toEqual([]);
    expect(on.lines).toHaveLength(1);
  });

  test('buildEmfDocument is pure and puts dimension values at the top level', () => {
    // Prepare // Act
    const document = buildEmfDocument(CONFIG, 5, [{ name: 'Rejected', unit: 'Count', value: 2 }], 'body_too_large');

    // Assess
    expect(document).toEqual({
      _aws: { Timestamp: 5, CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [['Pipeline'], ['Pipeline', 'Reason']], Metrics: [{ Name: 'Rejected', Unit: 'Count' }] }] },
      Pipeline: 'orders',
      Reason: 'body_too_large',
      Rejected: 2,
    });
  });
});
