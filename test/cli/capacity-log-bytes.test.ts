/*
 * The capacity model's log volume (cli/capacity/log-volume.ts) against what the code writes: the
 * bundled handlers' lines through the local pipeline, one webhook at a time (one event per worker
 * invocation), and the access log line each stage's format renders to.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { benchTemplate } from '../../bench/local-pipeline-handlers';
import { BENCH_SECRET, EVENT_ID_HEADER, webhookBody } from '../../bench/scenario';
import { ACCESS_LOG_BYTES, MEASURED_HANDLER_LOG_BYTES, renderedAccessLogBytes } from '../../cli/capacity/log-volume';
import { startLocalPipeline } from '../../local/pipeline';
import { WebhookApiKind } from '../../src';
import { pipelineFixture } from '../support/pipeline-stack';

const WEBHOOKS = 10;
/** A figure may differ from the measurement by this share (ids and timestamps vary in length). */
const TOLERANCE = 0.1;

function expectNear(model: number, measured: number) {
  expect(Math.abs(model - measured) / measured).toBeLessThanOrEqual(TOLERANCE);
}

describe('log bytes per webhook in the capacity model', () => {
  test('the handlers\' lines per event match what the bundled handlers write at the default level', async () => {
    // Prepare
    const bytes = { ingress: 0, worker: 0 };
    const pipeline = await startLocalPipeline({
      template: benchTemplate(),
      name: 'log-bytes',
      secret: BENCH_SECRET,
      onHandlerLine: (component, line) => {
        if (component === 'ingress' || component === 'worker') bytes[component] += Buffer.byteLength(line);
      },
    });
    try {
      // Act: one at a time, so each worker invocation carries one event (the sparse traffic of the sample week).
      for (let n = 0; n < WEBHOOKS; n++) {
        const answer = await pipeline.send(webhookBody(n, 20), { [EVENT_ID_HEADER]: `3f1d2c4b-8a9e-4f7b-b6d5-${String(n).padStart(12, '0')}` });
        expect(answer.statusCode).toBe(200);
        await pipeline.waitForStep((step) => step.kind === 'processed' && step.eventId === answer.eventId, 20_000);
      }
    } finally {
      await pipeline.close();
    }

    // Assess
    const measured = { ingress: bytes.ingress / WEBHOOKS, worker: bytes.worker / WEBHOOKS };
    process.stdout.write(`measured log bytes per event: ingress ${measured.ingress}, worker ${measured.worker}\n`);
    expectNear(MEASURED_HANDLER_LOG_BYTES.ingress, measured.ingress);
    expectNear(MEASURED_HANDLER_LOG_BYTES.worker, measured.worker);
  }, 90_000);

  test.each([
    ['REST', WebhookApiKind.REST, 'AWS::ApiGateway::Stage', (p: any) => p.AccessLogSetting.Format],
    ['HTTP', WebhookApiKind.HTTP, 'AWS::ApiGatewayV2::Stage', (p: any) => p.AccessLogSettings.Format],
  ] as const)('the %s stage\'s access log line', (kind, apiKind, resourceType, formatOf) => {
    // Prepare
    const stages = Template.fromStack(pipelineFixture({ apiKind }).stack).findResources(resourceType);
    // Act
    const [format] = Object.values(stages).map((stage) => formatOf(stage.Properties) as string);
    const measured = renderedAccessLogBytes(format);
    // Assess
    process.stdout.write(`${kind} access log line: ${measured} bytes\n`);
    expectNear(ACCESS_LOG_BYTES[kind], measured);
  });
});
