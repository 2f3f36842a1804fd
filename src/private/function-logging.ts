import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PipelineLoggingOptions } from '../pipeline-logging-options';

export interface FunctionLoggingProps {
  readonly loggingFormat: lambda.LoggingFormat;
  readonly applicationLogLevelV2: lambda.ApplicationLogLevel;
  readonly systemLogLevelV2: lambda.SystemLogLevel;
}

/** Advanced logging controls for a function the pipeline runs: JSON lines, filtered by level (defaults INFO / WARN). */
export function functionLoggingProps(options: PipelineLoggingOptions = {}): FunctionLoggingProps {
  return {
    // Level filtering needs the JSON format; the handlers' lines are JSON with a `level` key already.
    loggingFormat: lambda.LoggingFormat.JSON,
    applicationLogLevelV2: options.applicationLogLevel ?? lambda.ApplicationLogLevel.INFO,
    systemLogLevelV2: options.systemLogLevel ?? lambda.SystemLogLevel.WARN,
  };
}
