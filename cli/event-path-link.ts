/*
 * The console link `status` prints: the saved "one event's path" Logs Insights query, opened for
 * one event id over the pipeline's ingress and worker log groups.
 */
import { OptionSpec } from './options';
import { INGRESS_LOG_GROUP, PipelineResources, WORKER_LOG_GROUP } from './pipeline-resources';
import { eventPathQuery, logsInsightsConsoleUrl } from '../src/private/log-queries';

export const LOG_GROUP_OPTIONS: OptionSpec = {
  'ingress-log-group': { type: 'string' },
  'worker-log-group': { type: 'string' },
};

export const LOG_GROUP_HELP = [
  '  --ingress-log-group NAME, --worker-log-group NAME',
  '                        the pipeline\'s log groups (or IngressLogGroupName / WorkerLogGroupName from',
  '                        --outputs): then a console link to the event\'s path in the audit log is printed',
].join('\n');

const HOUR_SECONDS = 3_600;
/** When the record does not say how old the event is: the last week. */
const DEFAULT_LOOKBACK_SECONDS = 7 * 24 * HOUR_SECONDS;

/**
 * The link, or undefined when the log groups or the region are not known. The time range starts an
 * hour before `since` (the record's first claim; the ingress line comes before it), else a week back.
 */
export function eventPathLink(resources: PipelineResources, eventId: string, nowMs: number, since?: number): string | undefined {
  const ingress = resources.optional(INGRESS_LOG_GROUP);
  const worker = resources.optional(WORKER_LOG_GROUP);
  const region = resources.clientConfig().region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (ingress === undefined || worker === undefined || region === undefined) return undefined;
  const lookback = since === undefined ? DEFAULT_LOOKBACK_SECONDS : Math.max(HOUR_SECONDS, Math.ceil((nowMs - since) / 1000) + HOUR_SECONDS);
  return logsInsightsConsoleUrl(region, [ingress, worker], eventPathQuery(eventId), lookback);
}
