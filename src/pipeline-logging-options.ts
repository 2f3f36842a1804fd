import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * What the pipeline's functions send to CloudWatch Logs (Lambda advanced logging controls: JSON
 * format, log-level filtering). Log ingestion is billed per GB, so the defaults keep one audit
 * line per event per stage and drop Lambda's per-invocation START/END/REPORT lines.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html
 */
export interface PipelineLoggingOptions {
  /**
   * The least severe application line kept (the handlers read it from AWS_LAMBDA_LOG_LEVEL and do
   * not even build the lines below it). INFO: one audit line per event per stage and every
   * warning; DEBUG adds each claim and each batch's end.
   * @default lambda.ApplicationLogLevel.INFO
   */
  readonly applicationLogLevel?: lambda.ApplicationLogLevel;
  /**
   * The least severe line Lambda itself writes. WARN drops the START, END and REPORT lines of
   * every invocation (about 300 bytes each; duration and memory stay in the AWS/Lambda metrics)
   * and keeps timeouts, crashes and out-of-memory errors. INFO or DEBUG bring the REPORT lines back.
   * @default lambda.SystemLogLevel.WARN
   */
  readonly systemLogLevel?: lambda.SystemLogLevel;
}
