import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';

/** What both API kinds are built from. */
export interface WebhookApiOptions {
  readonly webhookPath: string;
  readonly stageName: string;
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly accessLogGroup: logs.ILogGroup;
  /** The function or alias the route invokes. */
  readonly ingress: lambda.IFunction;
  /** X-Ray tracing on the stage (REST only: an HTTP API has none). */
  readonly tracingEnabled: boolean;
}
