/*
 * The capacity model's answer for one heatmap: computed once, printed as text or JSON.
 */
import { archiveCostPerMillion, archivePerMillionText } from './archive-cost';
import { ASSUMPTION_FLAGS, CapacityAssumptions } from './assumptions';
import { capacityPlan, CapacityPlan, trafficProfile, TrafficProfile } from './capacity-model';
import { ApiKind, CostBreakdown, costPerMillionWebhooks, monthlyCost } from './cost-model';
import { AlternativeBreakdown, eventBridgeAlternative } from './eventbridge-alternative';
import { Heatmap } from './heatmap';
import { PriceList } from './pricing';

/** The OldestMessageAge alarm's default threshold (src/private/pipeline-alarms.ts): the backlog SLO. */
export const BACKLOG_AGE_SLO_SECONDS = 300;
const API_KINDS: readonly ApiKind[] = ['REST', 'HTTP'];

export interface CapacityReport {
  readonly heatmapSource: string;
  readonly traffic: TrafficProfile;
  readonly capacity: CapacityPlan;
  readonly costs: Readonly<Record<ApiKind, CostBreakdown>>;
  /** VARIABLE: USD per million webhooks, traffic-driven lines only. */
  readonly costPerMillionWebhooks: Readonly<Record<ApiKind, number>>;
  /** FIXED: USD a month whatever the volume, with some traffic every hour (so the custom metrics are published). */
  readonly fixedMonthlyUsd: Readonly<Record<ApiKind, number>>;
  /** The per-million breakdown: each line's fixed part and its variable part for a million webhooks. */
  readonly perMillionLines: Readonly<Record<ApiKind, CostBreakdown['lines']>>;
  /** USD a month with no webhook at all (alarms, dashboard, secret, idle queue polls). */
  readonly zeroTrafficUsd: Readonly<Record<ApiKind, number>>;
  /** The event archive's share of the per-million cost (at the assumptions' event size, and at 2 KB). */
  readonly archivePerMillionUsd: { readonly atEventBytes: number; readonly at2Kb: number };
  /** The same traffic on an EventBridge inbound webhook, for comparison. */
  readonly eventBridgeAlternative: AlternativeBreakdown;
  readonly assumptions: CapacityAssumptions;
  readonly pricing: Omit<PriceList, 'prices'>;
}

export function buildReport(heatmap: Heatmap, heatmapSource: string, assumptions: CapacityAssumptions, pricing: PriceList): CapacityReport {
  const traffic = trafficProfile(heatmap, assumptions.peakFactor);
  const capacity = capacityPlan(heatmap, traffic, assumptions);
  const warmIngressInstances = Math.max(1, assumptions.ingressProvisionedConcurrency, Math.ceil(capacity.ingressConcurrencyAtPeak));
  const cost = (apiKind: ApiKind, monthlyEvents: number, warm = warmIngressInstances) => monthlyCost({
    monthlyEvents, apiKind, assumptions, prices: pricing.prices, warmIngressInstances: warm,
  });
  // With no webhook only provisioned ingress environments stay warm (and re-read the secret).
  const idle = (apiKind: ApiKind) => cost(apiKind, 0, assumptions.ingressProvisionedConcurrency).totalUsd;
  const costs = { REST: cost('REST', traffic.monthlyEvents), HTTP: cost('HTTP', traffic.monthlyEvents) };
  const perMillion = { REST: costPerMillionWebhooks({ apiKind: 'REST', assumptions, prices: pricing.prices }), HTTP: costPerMillionWebhooks({ apiKind: 'HTTP', assumptions, prices: pricing.prices }) };
  const { prices: _prices, ...pricingInfo } = pricing;
  return {
    heatmapSource,
    traffic,
    capacity,
    costs,
    costPerMillionWebhooks: { REST: perMillion.REST.totalUsd, HTTP: perMillion.HTTP.totalUsd },
    fixedMonthlyUsd: { REST: perMillion.REST.fixedMonthlyUsd, HTTP: perMillion.HTTP.fixedMonthlyUsd },
    perMillionLines: { REST: perMillion.REST.lines, HTTP: perMillion.HTTP.lines },
    zeroTrafficUsd: { REST: idle('REST'), HTTP: idle('HTTP') },
    archivePerMillionUsd: archiveCostPerMillion(assumptions, pricing.prices),
    eventBridgeAlternative: eventBridgeAlternative({
      monthlyEvents: traffic.monthlyEvents, apiKind: 'HTTP', assumptions, prices: pricing.prices, warmIngressInstances,
    }),
    assumptions,
    pricing: pricingInfo,
  };
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const dec = (value: number, digits = 2) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const usd = (value: number) => dec(value, 2).padStart(10);
const row = (label: string, value: string) => `  ${label.padEnd(30)}${value}`;

function backlogLines(report: CapacityReport): string[] {
  const { capacity: c } = report;
  const lines = [row('peak headroom', `${dec(c.peakHeadroom)}× (drain rate ÷ peak rate)`)];
  if (c.backlogGrowthPerMinuteAtPeak > 0) {
    lines.push(row('at the peak second', `the queue grows ${int(c.backlogGrowthPerMinuteAtPeak)} events per minute while it lasts`));
  } else {
    lines.push(row('at the peak second', 'no backlog: the pipeline drains faster than the peak arrives'));
  }
  const slo = c.maxBacklogAgeSeconds > BACKLOG_AGE_SLO_SECONDS ? 'ABOVE' : 'within';
  lines.push(row('hourly backlog', c.maxHourlyBacklogEvents > 0
    ? `worst ${int(c.maxHourlyBacklogEvents)} events (~${int(c.maxBacklogAgeSeconds)} s old, ${slo} the ${BACKLOG_AGE_SLO_SECONDS} s backlog SLO), ${c.hoursWithBacklog} h of the week`
    : 'none at the hourly means'));
  return lines;
}

function costLines(report: CapacityReport): string[] {
  const { REST: rest, HTTP: http } = report.perMillionLines;
  const header = ['FIXED REST', 'FIXED HTTP', 'VAR. REST', 'VAR. HTTP'].map((title) => title.padStart(11)).join('');
  const cells = (values: number[]) => values.map((value) => ` ${usd(value)}`).join('');
  const lines = [
    '  FIXED: USD a month whatever the volume; VARIABLE: USD per million webhooks',
    `  ${'component'.padEnd(40)}${header}`,
  ];
  rest.forEach((line, index) => {
    const other = http[index];
    lines.push(`  ${line.component.replace(' (REST)', '').padEnd(40)}${cells([line.fixedUsd, other.fixedUsd, line.variableUsd, other.variableUsd])}`);
  });
  lines.push(`  ${'total'.padEnd(40)}${cells([report.fixedMonthlyUsd.REST, report.fixedMonthlyUsd.HTTP, report.costPerMillionWebhooks.REST, report.costPerMillionWebhooks.HTTP])}`);
  lines.push('');
  lines.push(`  ${'fixed per month (traffic every hour)'.padEnd(40)}${usd(report.fixedMonthlyUsd.REST)}${usd(report.fixedMonthlyUsd.HTTP)}  (REST, HTTP)`);
  lines.push(`  ${'variable per million webhooks'.padEnd(40)}${usd(report.costPerMillionWebhooks.REST)}${usd(report.costPerMillionWebhooks.HTTP)}`);
  lines.push(`  ${'per month at zero traffic'.padEnd(40)}${usd(report.zeroTrafficUsd.REST)}${usd(report.zeroTrafficUsd.HTTP)}  (no metric published)`);
  lines.push(archivePerMillionText(report.archivePerMillionUsd, report.assumptions.eventBytes));
  lines.push(`  ${`this heatmap's month (${int(report.traffic.monthlyEvents)} webhooks)`.padEnd(40)}${usd(report.costs.REST.totalUsd)}${usd(report.costs.HTTP.totalUsd)}`);
  lines.push('', 'How each line is computed, for one million webhooks (REST; the HTTP API line differs as shown):');
  rest.forEach((line) => lines.push(`  ${line.component}: ${line.basis}`));
  lines.push(`  ${http[0].component}: ${http[0].basis}`);
  const logs = http.find((line) => line.component === 'CloudWatch Logs');
  if (logs) lines.push(`  ${logs.component} (HTTP): ${logs.basis}`);
  return lines;
}

function alternativeLines(alternative: AlternativeBreakdown): string[] {
  const usdRow = (label: string, value: number) => `  ${label.padEnd(40)}${usd(value)}`;
  const table = alternative.idempotencyTable;
  return [
    `For comparison: ${alternative.name}, same traffic and prices`,
    `  ${'component'.padEnd(40)}${'USD'.padStart(10)}`,
    ...alternative.lines.map((line) => usdRow(line.component, line.variableUsd + line.fixedUsd)),
    usdRow('total per month', alternative.totalUsd),
    usdRow('per million webhooks (traffic-driven)', alternative.perMillionUsd),
    usdRow('per month at zero traffic', alternative.zeroTrafficUsd),
    usdRow(`+ idempotency table (${table.component})`, table.variableUsd + table.fixedUsd),
    usdRow('total with it', alternative.totalUsd + table.variableUsd + table.fixedUsd),
    '  No queue: no per-entity order, no deduplication, no backpressure toward your downstreams; a failed',
    '  processor is retried by Lambda\'s async invoke (2 retries by default); replay comes from the archive.',
    ...alternative.lines.map((line) => `  ${line.component}: ${line.basis}`),
  ];
}

function assumptionLines(a: CapacityAssumptions): string[] {
  return [
    ...ASSUMPTION_FLAGS.map((spec) => `  --${spec.flag.padEnd(34)}${String(a[spec.key]).padStart(8)}  ${spec.unit}`),
    `  --${'waf'.padEnd(34)}${String(a.waf).padStart(8)}  a web ACL with one rate-based rule (REST only)`,
    `  --${'dashboard'.padEnd(34)}${String(a.dashboard).padStart(8)}  the on-call dashboard (construct: dashboardEnabled)`,
    `  --${'processor-mode'.padEnd(34)}${a.processorMode.padStart(18)}`,
  ];
}

export function formatReport(report: CapacityReport): string {
  const { traffic: t, capacity: c, assumptions: a, pricing } = report;
  const busiest = `${t.busiestHour.day} ${String(t.busiestHour.hour).padStart(2, '0')}:00`;
  return [
    `Capacity and cost model for ${report.heatmapSource}`,
    '',
    'Traffic (an hour\'s count / 3600 = its mean rate)',
    row('webhooks per week', int(t.weeklyEvents)),
    row('webhooks per month', `${int(t.monthlyEvents)} (week × 730 h / 168 h)`),
    row('mean rate', `${dec(t.meanEventsPerSecond)} /s`),
    row('p99 hour', `${dec(t.p99HourEventsPerSecond)} /s (167th of the 168 hourly means)`),
    row('busiest hour', `${busiest}, ${int(t.busiestHour.events)} webhooks = ${dec(t.busiestHourEventsPerSecond)} /s`),
    row('peak second', `${dec(t.peakEventsPerSecond)} /s (busiest hour × peak factor ${a.peakFactor})`),
    '',
    'Lambda concurrency and queue backlog',
    row('ingress concurrency', `${dec(c.ingressConcurrencyAtPeak)} at the peak second, ${dec(c.ingressConcurrencyAtP99)} at the p99 hour (rate × ${a.ingressDurationMs} ms)`),
    row('worker time per event', `${dec(c.workerSecondsPerEvent, 3)} s (${a.workerOverheadMs} ms own + ${a.processorDurationMs} ms processor, ${a.processorMode})`),
    row('drain rate', c.drainBoundBy === 'worker concurrency'
      ? `${dec(c.workerThroughputPerSecond, 1)} /s (maxConcurrency ${a.workerMaxConcurrency} × ${a.groupsPerBatch} group(s) per batch ÷ time per event)`
      : `${dec(c.workerThroughputPerSecond, 2)} /s (the downstream rate limit; the worker alone would drain more)`),
    row('worker concurrency at peak', `${dec(c.workerConcurrencyAtPeak)} of ${a.workerMaxConcurrency}`),
    ...backlogLines(report),
    '',
    `Monthly cost, USD (${pricing.region} list prices as of ${pricing.asOf}, ${pricing.origin === 'built-in' ? 'built-in' : `from ${pricing.origin}`}` +
      `${pricing.overridden.length > 0 ? `, ${pricing.overridden.length} overridden` : ''}; first tier, no free tier, no data transfer)`,
    ...costLines(report),
    '',
    ...alternativeLines(report.eventBridgeAlternative),
    '',
    'Assumptions (each one a flag)',
    ...assumptionLines(a),
    '',
  ].join('\n');
}

/** The report as JSON (rates and costs unrounded). */
export function reportJson(report: CapacityReport): string {
  return `${JSON.stringify({ ...report, apiKinds: API_KINDS }, (_key, value) => (value === Infinity ? null : value), 2)}\n`;
}
