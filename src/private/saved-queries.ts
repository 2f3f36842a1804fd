import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AuditLogComponent, pipelineLogQueries } from './log-queries';

/**
 * The saved Logs Insights queries of one pipeline, in the console's folder `<pipelineName>`
 * (a saved query costs nothing; running one is billed per GB scanned).
 */
export function createSavedQueries(
  scope: Construct, pipelineName: string, logGroups: Record<AuditLogComponent, logs.ILogGroup>, maxReceiveCount: number,
): logs.CfnQueryDefinition[] {
  return pipelineLogQueries(maxReceiveCount).map((query) => new logs.CfnQueryDefinition(scope, query.id, {
    name: `${pipelineName}/${query.title}`,
    queryString: query.queryString,
    logGroupNames: query.logGroups.map((component) => logGroups[component].logGroupName),
  }));
}
