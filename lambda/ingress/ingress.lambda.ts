/*
 * Lambda entry point: configuration and clients live at module scope, so they are built once
 * per execution environment and a bad configuration fails the cold start, not every request.
 */
import { createIngressHandler } from './ingress-handler';
import { XRayDaemonSink } from '../../src/runtime/aws/xray-daemon';
import { AuditLog } from '../../src/runtime/observability/audit-log';
import { EventTracing } from '../../src/runtime/observability/event-tracing';
import { Metrics } from '../../src/runtime/observability/metrics';
import { createSqsClient, SqsQueueSender } from '../aws/queue-sender';
import { createSecretsManagerClient, SecretsManagerSecretSource } from '../aws/secret-source';
import { ingressRuntimeConfigFromEnv } from '../core/ingress-config';

const config = ingressRuntimeConfigFromEnv();

export const handler = createIngressHandler({
  config,
  secrets: new SecretsManagerSecretSource({
    client: createSecretsManagerClient(),
    secretArn: config.authentication.secretArn,
    ttlSeconds: config.secretCacheTtlSeconds,
    previousGraceSeconds: config.previousSecretGraceSeconds,
  }),
  queue: new SqsQueueSender(createSqsClient(), config.queueUrl),
  log: new AuditLog('ingress'),
  now: Date.now,
  metrics: new Metrics(config.metrics),
  tracing: config.tracing ? new EventTracing(new XRayDaemonSink()) : undefined,
});
