/*
 * The saved CloudWatch Logs Insights queries over the pipeline's audit log (the handlers' JSON
 * lines, see src/runtime/observability/audit-log.ts). One home for their text: the construct saves
 * them (AWS::Logs::QueryDefinition), the CLI's `status` links to the first one for an event id, and
 * a test checks every field each query names against lines the real handlers write.
 *
 * Free of aws-cdk-lib and the AWS SDK: the CLI bundles it.
 */

/** Which log group a query reads. */
export type AuditLogComponent = 'ingress' | 'worker';

/** One kind of audit line: the component that writes it and its `message`. */
export interface AuditLineKind {
  readonly component: AuditLogComponent;
  readonly message: string;
}

export interface LogQuery {
  /** Stable id (the construct id of its QueryDefinition). */
  readonly id: string;
  /** Shown in the console's saved queries, under the pipeline's folder. */
  readonly title: string;
  readonly logGroups: readonly AuditLogComponent[];
  /** The lines the query reads: every field it names must appear in lines of these kinds. */
  readonly reads: readonly AuditLineKind[];
  readonly queryString: string;
}

/** Stands for the event id in the saved "one event's path" query; `status` puts the real id there. */
export const EVENT_ID_PLACEHOLDER = 'REPLACE-WITH-EVENT-ID';

const INGRESS_ANSWERS: AuditLineKind[] = ['webhook accepted', 'webhook filtered', 'webhook rejected', 'enqueue failed']
  .map((message) => ({ component: 'ingress', message }));
/** The lines of a record the worker returns to the queue (each one uses a receive; the last one moves it to the DLQ). */
const WORKER_RETRIED: AuditLineKind[] = ['event failed', 'event outcome unknown', 'event deferred']
  .map((message) => ({ component: 'worker', message }));
const WORKER_ENDINGS: AuditLineKind[] = [...WORKER_RETRIED, ...['event processed', 'event duplicate']
  .map((message) => ({ component: 'worker' as const, message }))];

const quoted = (texts: readonly string[]) => texts.map((text) => JSON.stringify(text)).join(', ');

/** A Logs Insights string literal (double quotes; the id is the sender's, so quotes and backslashes are escaped). */
function literal(text: string): string {
  return JSON.stringify(text);
}

/** The four queries of one pipeline; `maxReceiveCount` tells a failure that moves its message to the DLQ. */
export function pipelineLogQueries(maxReceiveCount: number): LogQuery[] {
  return [
    {
      id: 'EventPathQuery',
      title: "one event's path by event id",
      logGroups: ['ingress', 'worker'],
      reads: [...INGRESS_ANSWERS.filter((kind) => kind.message !== 'webhook rejected'), ...WORKER_ENDINGS],
      queryString: eventPathQuery(EVENT_ID_PLACEHOLDER),
    },
    {
      id: 'RejectionsByReasonQuery',
      title: 'rejections by reason (last hour)',
      logGroups: ['ingress'],
      reads: [...INGRESS_ANSWERS.filter((kind) => kind.message !== 'webhook accepted'), { component: 'ingress', message: 'signing secret unavailable' }],
      queryString: [
        'filter component = "ingress" and message in ["webhook rejected", "webhook filtered", "signing secret unavailable", "enqueue failed"]',
        '| stats count(*) as requests by message, reason, statusCode',
        '| sort requests desc',
      ].join('\n'),
    },
    {
      id: 'FailuresByErrorClassQuery',
      title: 'failures and DLQ moves by error class',
      logGroups: ['worker'],
      reads: WORKER_RETRIED,
      queryString: [
        `filter component = "worker" and message in [${quoted(WORKER_RETRIED.map((kind) => kind.message))}]`,
        // receiveCount never exceeds maxReceiveCount, so this is 1 on the last receive (SQS moves the message to the DLQ next) and 0 before.
        `| fields floor(receiveCount / ${maxReceiveCount}) as movedToDeadLetterQueue`,
        '| stats count(*) as returnedToQueue, sum(movedToDeadLetterQueue) as deadLetterMoves by errorClass, reason',
        '| sort deadLetterMoves desc, returnedToQueue desc',
      ].join('\n'),
    },
    {
      id: 'SlowestAcksQuery',
      title: 'slowest ACKs',
      logGroups: ['ingress'],
      reads: [{ component: 'ingress', message: 'webhook accepted' }],
      queryString: [
        'fields @timestamp, eventId, durationMs, bodyBytes, requestId',
        '| filter component = "ingress" and message = "webhook accepted"',
        '| sort durationMs desc',
        '| limit 50',
      ].join('\n'),
    },
  ];
}

/** Every audit line about one event, in order, from both log groups. */
export function eventPathQuery(eventId: string): string {
  return [
    'fields @timestamp, component, level, message, reason, statusCode, attempt, receiveCount, errorClass, durationMs, messageId',
    `| filter eventId = ${literal(eventId)}`,
    '| sort @timestamp asc',
    '| limit 200',
  ].join('\n');
}

/** The console's own escaping inside its URL fragment: percent-encoding with '*' for '%', and its syntax characters encoded too. */
function consoleEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%/g, '*');
}

/** A Logs Insights console link that opens `queryString` over `logGroupNames`, the last `lookbackSeconds` selected. */
export function logsInsightsConsoleUrl(region: string, logGroupNames: readonly string[], queryString: string, lookbackSeconds: number): string {
  const sources = logGroupNames.map((name) => `~'${consoleEscape(name)}`).join('');
  const detail = `~(end~0~start~-${Math.round(lookbackSeconds)}~timeType~'RELATIVE~unit~'seconds~editorString~'${consoleEscape(queryString)}~source~(${sources}))`;
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:logs-insights$3FqueryDetail$3D${detail}`;
}
