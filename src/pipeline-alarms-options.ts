import { Duration } from 'aws-cdk-lib';
import { AlarmActionsOptions } from './alarm-actions-options';

/** Thresholds and actions of the pipeline's alarms; each default is tied to the SLOs in docs/. */
export interface PipelineAlarmsOptions extends AlarmActionsOptions {
  /**
   * Prefix of every alarm name (names stay stable across deployments).
   * @default - the construct path, e.g. `MyStack-Webhooks`
   */
  readonly alarmNamePrefix?: string;
  /**
   * ACK latency SLO: p99 of the webhook route's API Gateway latency.
   * @default Duration.seconds(1)
   */
  readonly ackLatencyP99?: Duration;
  /**
   * Share of requests answered 5xx (0 to 1) over 5 minutes that raises the alarm.
   * @default 0.01
   */
  readonly serverErrorRate?: number;
  /**
   * 4xx answers in 5 minutes that count as a spike (a rotated secret or an attack).
   * @default 50
   */
  readonly clientErrorCount?: number;
  /**
   * Backlog SLO: age of the oldest message waiting in the queue, and of the oldest event a worker
   * handled (counted from the ingress's receipt, so a group blocked behind a failing or deferred
   * event is seen too).
   * @default Duration.minutes(5)
   */
  readonly oldestMessageAge?: Duration;
  /**
   * Share of the worker timeout (0 to 1) that the worker's p99 duration may reach.
   * @default 0.8
   */
  readonly workerDurationShareOfTimeout?: number;
  /**
   * Also create the six alarms on causes whose effects the default alarms already watch: ingress
   * errors and throttles (API Gateway answers 5xx: ServerErrorRate), worker throttles and a worker
   * p99 duration near its timeout (the backlog grows: OldestMessageAge, EventAge), DynamoDB
   * throttles and system errors (events are retried: EventAge). They name the cause sooner, for
   * $0.10 per alarm metric a month each (the two DynamoDB alarms watch two operations: $0.20 each).
   * @default false
   */
  readonly diagnosticAlarms?: boolean;
}

