import { parseWorkerConfig } from '../../../src/runtime/worker/worker-config';

const valid = {
  tableName: 'state',
  queueUrl: 'https://sqs.us-east-2.amazonaws.com/123456789012/events.fifo',
  processorFunctionName: 'processor',
  idempotencyTtlSeconds: 86_400,
};

describe('parseWorkerConfig', () => {
  test('accepts the configuration the construct writes', () => {
    // Prepare // Act
    const config = parseWorkerConfig(JSON.stringify(valid));

    // Assess
    expect(config).toEqual(valid);
  });

  test('accepts the optional metrics object', () => {
    // Prepare
    const withMetrics = { ...valid, metrics: { namespace: 'AckFastWebhookPipeline', pipeline: 'tickets' } };

    // Act
    const config = parseWorkerConfig(JSON.stringify(withMetrics));

    // Assess
    expect(config).toEqual(withMetrics);
  });

  test.each([
    ['unset', undefined, /ACK_FAST_WORKER_CONFIG is not set/],
    ['not JSON', '{', /ACK_FAST_WORKER_CONFIG is not valid JSON/],
    ['missing table', JSON.stringify({ ...valid, tableName: undefined }), /^Invalid worker configuration in environment variable ACK_FAST_WORKER_CONFIG: tableName: .*Redeploy the AckFastWebhookPipeline construct/],
    ['TTL not a whole number', JSON.stringify({ ...valid, idempotencyTtlSeconds: 1.5 }), /^Invalid worker configuration in environment variable ACK_FAST_WORKER_CONFIG: idempotencyTtlSeconds/],
    ['empty processor name', JSON.stringify({ ...valid, processorFunctionName: '' }), /processorFunctionName/],
    ['metrics without a pipeline', JSON.stringify({ ...valid, metrics: { namespace: 'N' } }), /metrics\.pipeline/],
  ])('rejects a configuration that is %s, naming the variable', (_name, raw, message) => {
    // Prepare // Act // Assess
    expect(() => parseWorkerConfig(raw)).toThrow(message);
  });
});
