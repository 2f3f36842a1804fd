/*
 * `createSweepHandler({ source })`: the Lambda handler of a reconciliation sweep. EventBridge
 * Scheduler invokes it (ReconciliationSweep); each invocation is one bounded run (sweep-run.ts)
 * with this pipeline's enqueuer, the cursor in its state table, one EMF line of Sweep* metrics
 * and one JSON log line per decision. Build it at module scope, so clients are reused.
 */
// Not a dependency of the library: the Lambda Node.js runtime provides SDK v3.
// eslint-disable-next-line import/no-extraneous-dependencies
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sweepConfigFromEnv, validateSweepConfig } from './sweep-config';
import { DynamoDbSweepCursor, SweepCursorStore } from './sweep-cursor';
import { runSweep, SweepRunSummary, SweepSource } from './sweep-run';
import { PRODUCER_AWS_CALL_BUDGET, SweepRuntimeConfig } from '../../contract';
import { clientConfigFor } from '../aws/client-config';
import { createEnqueuer, Enqueuer } from '../enqueuer';
import { AuditLog, LineWriter } from '../observability/audit-log';
import { Metrics } from '../observability/metrics';

export interface SweepHandlerOptions {
  /** Lists what your API changed; see SweepSource. */
  readonly source: SweepSource;
  /** Default: environment variable ACK_FAST_SWEEP_CONFIG, which the ReconciliationSweep construct sets. */
  readonly config?: SweepRuntimeConfig;
  /** Default: createEnqueuer() from ACK_FAST_ENQUEUE_CONFIG (the construct grants it with the received check). */
  readonly enqueuer?: Enqueuer;
  /** Default: a client with short timeouts. */
  readonly dynamoDbClient?: DynamoDBClient;
  /** Default: the cursor item in the state table. */
  readonly cursor?: SweepCursorStore;
  /** Where log and metric lines go. Default: stdout (CloudWatch Logs; EMF turns the metric line into metrics). */
  readonly writeLine?: LineWriter;
  readonly now?: () => number;
}

export type SweepHandler = (event?: unknown) => Promise<SweepRunSummary>;

export function createSweepHandler(options: SweepHandlerOptions): SweepHandler {
  const config = options.config ? validateSweepConfig(options.config, 'createSweepHandler({ config })') : sweepConfigFromEnv();
  const now = options.now ?? Date.now;
  const enqueuer = options.enqueuer ?? createEnqueuer({ now });
  if (!enqueuer.config.receivedCheck) {
    throw new Error('The sweep needs the enqueuer\'s received check (or it would count every pushed event as recovered): '
      + 'grant with pipeline.grantEnqueue(fn, { allowReceivedCheck: true }) (ReconciliationSweep does).');
  }
  const client = options.dynamoDbClient
    ?? new DynamoDBClient(clientConfigFor(PRODUCER_AWS_CALL_BUDGET));
  const log = new AuditLog(`sweep:${config.sweepName}`, options.writeLine, now);
  const metrics = new Metrics(config.metrics, options.writeLine, now);
  return async () => {
    const cursor = options.cursor ?? new DynamoDbSweepCursor({
      client, tableName: config.tableName, cursorKey: config.cursorKey, leaseSeconds: config.leaseSeconds, ttlSeconds: config.cursorTtlSeconds,
    });
    const batch = metrics.batch();
    try {
      return await runSweep({ config, source: options.source, cursor, enqueuer, metrics: batch, log, now });
    } finally {
      batch.flush();
    }
  };
}
