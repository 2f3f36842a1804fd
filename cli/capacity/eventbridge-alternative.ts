/*
 * The option reviewers ask about first, priced with the same assumptions and list prices: an
 * EventBridge inbound webhook (a Lambda function URL whose function verifies the signature and
 * calls PutEvents on a custom bus; a rule invokes your processor Lambda asynchronously), with an
 * archive for replay. It has no queue, no idempotency record and no per-entity order: the line
 * "+ idempotency table" prices the DynamoDB record a processor then needs for idempotent effects.
 * docs/02_System_Architecture/Hosting_Options_and_Recommendation.md quotes this section.
 */
import { HOURS_PER_MONTH } from './capacity-model';
import { CostInput, CostLine, dynamoLine, lambdaLine, logsLine, MILLION, secretsLine } from './cost-lines';

const EVENT_CHUNK_BYTES = 64 * 1024;
const GIB = 1024 ** 3;
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

export interface AlternativeBreakdown {
  readonly name: string;
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
  /** Traffic-driven USD per million webhooks. */
  readonly perMillionUsd: number;
  readonly zeroTrafficUsd: number;
  /** The DynamoDB idempotency record a processor needs for idempotent effects (not in the total). */
  readonly idempotencyTable: CostLine;
}

function lines(i: CostInput): CostLine[] {
  const { monthlyEvents: events, assumptions: a, prices } = i;
  const chunks = Math.ceil(a.eventBytes / EVENT_CHUNK_BYTES);
  const archivedGb = (events * a.eventBytes) / GIB;
  const storedGbMonths = archivedGb * (a.idempotencyTtlDays / DAYS_PER_MONTH);
  return [
    lambdaLine('Lambda verifier (function URL, arm64)', events, events * (a.ingressDurationMs / 1000) * (a.ingressMemoryMb / 1024), prices),
    {
      component: 'EventBridge custom events',
      variableUsd: (events * chunks / MILLION) * prices.eventBridgeCustomEventsPerMillion,
      fixedUsd: 0,
      basis: `${Math.round(events * chunks).toLocaleString('en-US')} events × $${prices.eventBridgeCustomEventsPerMillion}/M (rules and delivery to Lambda free)`,
    },
    {
      component: `EventBridge archive (${a.idempotencyTtlDays} days)`,
      variableUsd: archivedGb * prices.eventBridgeArchivePerGb + storedGbMonths * prices.eventBridgeArchiveStoragePerGbMonth,
      fixedUsd: 0,
      basis: `${archivedGb.toFixed(2)} GB archived × $${prices.eventBridgeArchivePerGb} + kept ${a.idempotencyTtlDays} days × $${prices.eventBridgeArchiveStoragePerGbMonth}/GB-month`,
    },
    lambdaLine('Lambda processor (yours, async)', events, events * (a.processorDurationMs / 1000) * (a.processorMemoryMb / 1024), prices),
    // No API Gateway stage: no access log line.
    logsLine(i, 0),
    { component: 'CloudWatch alarm (1, the template\'s)', variableUsd: 0, fixedUsd: prices.cloudWatchAlarmPerMonth, basis: '1 alarm on the verifier\'s invocations' },
    secretsLine(i),
  ];
}

const total = (costLines: readonly CostLine[]) => costLines.reduce((sum, line) => sum + line.variableUsd + line.fixedUsd, 0);

export function eventBridgeAlternative(i: CostInput): AlternativeBreakdown {
  const monthly = lines(i);
  const perMillion = lines({ ...i, monthlyEvents: MILLION, warmIngressInstances: 1 });
  return {
    name: 'EventBridge inbound webhook (function URL → verifying Lambda → PutEvents → custom bus → rule → your Lambda)',
    lines: monthly,
    totalUsd: total(monthly),
    perMillionUsd: perMillion.reduce((sum, line) => sum + line.variableUsd, 0),
    zeroTrafficUsd: total(lines({ ...i, monthlyEvents: 0, warmIngressInstances: 0 })),
    idempotencyTable: dynamoLine(i),
  };
}
