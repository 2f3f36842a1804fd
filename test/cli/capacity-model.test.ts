import { DEFAULT_ASSUMPTIONS } from '../../cli/capacity/assumptions';
import { capacityPlan, trafficProfile } from '../../cli/capacity/capacity-model';
import { costPerMillionWebhooks, monthlyCost } from '../../cli/capacity/cost-model';
import { eventBridgeAlternative } from '../../cli/capacity/eventbridge-alternative';
import { Heatmap } from '../../cli/capacity/heatmap';
import { builtInPricing } from '../../cli/capacity/pricing';

/** 168 hours of `base` webhooks, with the given hours (0 = Monday 00:00) replaced. */
function heatmapOf(base: number, overrides: Record<number, number>): Heatmap {
  return { hourlyCounts: Array.from({ length: 168 }, (_, hour) => overrides[hour] ?? base) };
}

const PRICES = builtInPricing().prices;

describe('traffic profile', () => {
  test('rates from a week with one busy hour (hand-computed)', () => {
    // Prepare: 167 hours × 360 + Monday 00:00 × 36,000 = 96,120 webhooks a week
    const heatmap = heatmapOf(360, { 0: 36_000 });

    // Act
    const traffic = trafficProfile(heatmap, 3);

    // Assess
    expect(traffic.weeklyEvents).toBe(96_120);
    expect(traffic.monthlyEvents).toBeCloseTo((96_120 * 730) / 168, 6); // 417,664.29
    expect(traffic.meanEventsPerSecond).toBeCloseTo(96_120 / 604_800, 9); // 168 h × 3600 s
    expect(traffic.p99HourEventsPerSecond).toBeCloseTo(0.1, 9); // 167th smallest of 168 = 360 / 3600
    expect(traffic.busiestHour).toEqual({ day: 'Mon', hour: 0, events: 36_000 });
    expect(traffic.busiestHourEventsPerSecond).toBeCloseTo(10, 9); // 36,000 / 3600
    expect(traffic.peakEventsPerSecond).toBeCloseTo(30, 9); // × peak factor 3
  });

  test('the p99 hour is the second busiest of 168 (nearest rank: ceil(0.99 × 168) = 167)', () => {
    const traffic = trafficProfile(heatmapOf(0, { 10: 7_200, 100: 3_600 }), 1);
    expect(traffic.p99HourEventsPerSecond).toBe(1);
    expect(traffic.busiestHour).toEqual({ day: 'Mon', hour: 10, events: 7_200 }); // hour 10 of the week = Mon 10:00
  });
});

describe('capacity plan', () => {
  test('concurrency and the peak-second backlog with the construct defaults (hand-computed)', () => {
    // Prepare: peak 30/s as above; worker 40 + 200 ms = 0.24 s per event, maxConcurrency 5
    const heatmap = heatmapOf(360, { 0: 36_000 });
    const traffic = trafficProfile(heatmap, 3);

    // Act
    const plan = capacityPlan(heatmap, traffic, DEFAULT_ASSUMPTIONS);

    // Assess
    expect(plan.ingressConcurrencyAtPeak).toBeCloseTo(1.5, 9); // 30/s × 0.05 s
    expect(plan.ingressConcurrencyAtP99).toBeCloseTo(0.005, 9); // 0.1/s × 0.05 s
    expect(plan.workerSecondsPerEvent).toBeCloseTo(0.24, 9);
    expect(plan.workerThroughputPerSecond).toBeCloseTo(20.8333333, 6); // 5 × 1 / 0.24
    expect(plan.workerConcurrencyAtPeak).toBe(5); // 30 × 0.24 = 7.2, capped at 5
    expect(plan.peakHeadroom).toBeCloseTo(20.8333333 / 30, 6);
    expect(plan.backlogGrowthPerMinuteAtPeak).toBeCloseTo(550, 6); // (30 - 20.8333) × 60
    expect(plan.maxHourlyBacklogEvents).toBe(0); // 36,000 < 75,000 drained per hour
    expect(plan.hoursWithBacklog).toBe(0);
  });

  test('an hour above worker throughput leaves a backlog that the next hours drain (hand-computed)', () => {
    // Prepare: 2 s per event (40 + 1960 ms), maxConcurrency 2 → 1 event/s = 3600 per hour
    const heatmap = heatmapOf(360, { 0: 7_200 });
    const assumptions = { ...DEFAULT_ASSUMPTIONS, processorDurationMs: 1_960, workerMaxConcurrency: 2 };

    // Act
    const plan = capacityPlan(heatmap, trafficProfile(heatmap, 1), assumptions);

    // Assess: Mon 00: 7200 - 3600 = 3600 left; Mon 01: 3600 + 360 - 3600 = 360; Mon 02: 0
    expect(plan.workerThroughputPerSecond).toBeCloseTo(1, 9);
    expect(plan.maxHourlyBacklogEvents).toBeCloseTo(3_600, 6);
    expect(plan.maxBacklogAgeSeconds).toBeCloseTo(3_600, 6); // 3600 events at 1/s
    expect(plan.hoursWithBacklog).toBe(2);
  });

  test('a downstream rate limit below the worker\'s throughput bounds the drain rate (Richpanel: 50 per 30 s)', () => {
    // Prepare: one Richpanel call per event → 50 / 30 = 1.6667 events/s = 6,000 per hour;
    // Monday 00:00 brings 9,600, every other hour 360
    const heatmap = heatmapOf(360, { 0: 9_600 });
    const assumptions = { ...DEFAULT_ASSUMPTIONS, downstreamEventsPerSecond: 50 / 30 };

    // Act
    const plan = capacityPlan(heatmap, trafficProfile(heatmap, 1), assumptions);

    // Assess: Mon 00: 9,600 - 6,000 = 3,600 left, ~2,160 s to drain at 1.6667/s; Mon 01 drains it
    expect(plan.drainBoundBy).toBe('downstream rate limit');
    expect(plan.workerThroughputPerSecond).toBeCloseTo(50 / 30, 9);
    expect(plan.maxHourlyBacklogEvents).toBeCloseTo(3_600, 6);
    expect(plan.maxBacklogAgeSeconds).toBeCloseTo(2_160, 6);
    expect(plan.hoursWithBacklog).toBe(1);
  });

  test('groups per batch multiply worker throughput', () => {
    const heatmap = heatmapOf(360, {});
    const plan = capacityPlan(heatmap, trafficProfile(heatmap, 3), { ...DEFAULT_ASSUMPTIONS, groupsPerBatch: 4 });
    expect(plan.workerThroughputPerSecond).toBeCloseTo((5 * 4) / 0.24, 6);
    expect(plan.drainBoundBy).toBe('worker concurrency');
  });
});

describe('cost model', () => {
  test('cost per million webhooks with the defaults (hand-computed, traffic-driven lines only)', () => {
    // API REST: 1 M × $3.50/M                                           = 3.50
    // ingress: $0.20 + 1 M × 0.05 s × 0.25 GB = 12,500 GB-s × 0.0000133334 = 0.3666675
    // worker (in-process: the processor's 200 ms runs in it, no processor invocation):
    //          $0.20 + 1 M × 0.24 s × 0.25 GB = 60,000 GB-s × 0.0000133334 = 1.000004
    // SQS: (1 M sends + 1 M receives + 1 M deletes) × $0.50/M            = 1.50
    // DynamoDB: 2 M WRU × $0.625/M = 1.25; stored 1 M / (730 / 24) per day × (22 + 2) days × 400 B
    //           = 315,616,438.4 B = 0.2939408 GiB × ($0.25 + $0.20)      = 0.1322733
    // logs REST: 1 M × (815 B handlers + 162 B access log) = 0.9099022 GiB × ($0.50 + $0.03) = 0.4822481
    const rest = costPerMillionWebhooks({ apiKind: 'REST' });
    const http = costPerMillionWebhooks({ apiKind: 'HTTP' });

    expect(rest.byComponent['API Gateway (REST)']).toBeCloseTo(3.5, 9);
    expect(rest.byComponent['Lambda ingress (arm64)']).toBeCloseTo(0.3666675, 6);
    expect(rest.byComponent['Lambda worker (arm64, in-process)']).toBeCloseTo(1.000004, 6);
    expect(rest.byComponent['Lambda processor (yours)']).toBeUndefined();
    expect(rest.byComponent['SQS FIFO']).toBeCloseTo(1.5, 9);
    expect(rest.byComponent['DynamoDB on-demand']).toBeCloseTo(1.3822733, 6);
    expect(rest.byComponent['CloudWatch Logs']).toBeCloseTo(0.4822481, 6);
    // The event archive (on by default): Firehose 1e6 records × 5 KB (2,535 B rounded up) = 4.768 GB × $0.029 = 0.1382828;
    // S3 1e6 × 2,535 B = 2.361 GB × 0.3 gzip × 30/30.42 days × $0.023 = 0.0160671, plus 8,760 PUTs × $0.005/1000 = 0.0438.
    expect(rest.byComponent['Firehose (archive)']).toBeCloseTo(0.1382828, 6);
    expect(rest.byComponent['S3 (archive)']).toBeCloseTo(0.0160671 + 0.0438, 6);
    expect(rest.totalUsd).toBeCloseTo(8.2311929 + 0.1382828 + 0.0160671 + 0.0438, 5);
    // HTTP API: $1.00/M instead of $3.50/M, and its access log line is 163 B: 0.9108335 GiB × $0.53 = 0.4827417
    expect(http.byComponent['API Gateway (HTTP)']).toBeCloseTo(1, 9);
    expect(http.byComponent['CloudWatch Logs']).toBeCloseTo(0.4827417, 6);
    expect(http.totalUsd).toBeCloseTo(rest.totalUsd - 2.5 - 0.4822481 + 0.4827417, 6);
  });

  test('separate-processor mode adds the processor\'s invocations and bills its time a second time (hand-computed)', () => {
    // processor: $0.20 + 1 M × 0.2 s × 0.25 GB = 50,000 GB-s × 0.0000133334 = 0.86667; the worker still waits 0.24 s per event
    const inProcess = costPerMillionWebhooks({ apiKind: 'REST' });
    const separate = costPerMillionWebhooks({ apiKind: 'REST', assumptions: { processorMode: 'separate-processor' } });

    expect(separate.byComponent['Lambda processor (yours)']).toBeCloseTo(0.86667, 6);
    expect(separate.byComponent['Lambda worker (arm64, separate-processor)']).toBeCloseTo(1.000004, 6);
    expect(separate.totalUsd - inProcess.totalUsd).toBeCloseTo(0.86667, 6);
  });

  test('fixed monthly costs: metrics, alarms, idle polling, the secret (hand-computed)', () => {
    const withTraffic = monthlyCost({ monthlyEvents: 1, apiKind: 'REST', assumptions: DEFAULT_ASSUMPTIONS, prices: PRICES, warmIngressInstances: 1 });
    const fixed = Object.fromEntries(withTraffic.lines.map((line) => [line.component, line.fixedUsd]));

    // EndToEndLatency, published every hour with traffic: 1 × $0.30 (EventAge only in hours an event waited a second)
    expect(fixed['CloudWatch custom metrics']).toBeCloseTo(0.3, 9);
    // 7 default alarms reading 8 metrics (ServerErrorRate reads two) × $0.10 + composite $0.50
    expect(fixed['CloudWatch alarms']).toBeCloseTo(1.3, 9);
    // No dashboard by default
    expect(fixed['CloudWatch dashboard']).toBeUndefined();
    // 5 pollers × 730 h × 3600 s / 20 s = 657,000 empty receives × $0.50/M = 0.3285
    expect(fixed['SQS FIFO']).toBeCloseTo(0.3285, 9);
    // $0.40 + 730 h × 60 / 5 min × 2 stages = 17,520 calls × $0.05 / 10,000 = 0.4876
    expect(fixed['Secrets Manager']).toBeCloseTo(0.4876, 9);
    // The event archive's ArchiveFailures alarm, in its S3 line: $0.10
    expect(fixed['S3 (archive)']).toBeCloseTo(0.1, 9);
    // The fixed part beside the per-million figure: 0.3 + 1.3 + 0.3285 + 0.4876 + 0.1 = 2.5161 (under the $5 target of issue #15)
    expect(costPerMillionWebhooks({ apiKind: 'HTTP' }).fixedMonthlyUsd).toBeCloseTo(2.5161, 9);
  });

  test('the dashboard adds $3 and no alarms take the alarm line away', () => {
    const line = (assumptions: Partial<typeof DEFAULT_ASSUMPTIONS>, component: string) => monthlyCost({
      monthlyEvents: 1, apiKind: 'REST', assumptions: { ...DEFAULT_ASSUMPTIONS, ...assumptions }, prices: PRICES, warmIngressInstances: 1,
    }).lines.find((candidate) => candidate.component === component);

    expect(line({ dashboard: true }, 'CloudWatch dashboard')?.fixedUsd).toBeCloseTo(3, 9);
    expect(line({ alarmMetrics: 0 }, 'CloudWatch alarms')).toBeUndefined();
  });

  test('at zero traffic the EMF metrics (published only with traffic) and secret reads cost nothing', () => {
    const zeroTraffic = monthlyCost({ monthlyEvents: 0, apiKind: 'REST', assumptions: DEFAULT_ASSUMPTIONS, prices: PRICES, warmIngressInstances: 0 });

    // 8 alarm metrics × $0.10 + composite $0.50 + secret $0.40 + idle polls $0.3285, + the ArchiveFailures alarm $0.10
    // (no archive PUTs without events)
    expect(zeroTraffic.totalUsd).toBeCloseTo(0.8 + 0.5 + 0.4 + 0.3285 + 0.1, 9);
  });

  test('the EventBridge inbound-webhook alternative, hand-computed for one million 2 KB webhooks', () => {
    const alternative = eventBridgeAlternative({
      monthlyEvents: 1_000_000, apiKind: 'HTTP', assumptions: DEFAULT_ASSUMPTIONS, prices: PRICES, warmIngressInstances: 1,
    });
    const usd = Object.fromEntries(alternative.lines.map((line) => [line.component, line.variableUsd + line.fixedUsd]));

    // 1 M × $0.20/M + 1 M × 0.05 s × 0.25 GB × $0.0000133334
    expect(usd['Lambda verifier (function URL, arm64)']).toBeCloseTo(0.2 + 12_500 * 0.0000133334, 9);
    // each 2 KB event is one 64 KB chunk: 1 M × $1/M
    expect(usd['EventBridge custom events']).toBeCloseTo(1, 9);
    // 1 M × 2048 B = 1.907 GB archived × $0.10, kept 22 of 30.417 days × $0.023 (as long as our records)
    const gb = (1_000_000 * 2048) / 1024 ** 3;
    expect(usd['EventBridge archive (22 days)']).toBeCloseTo(gb * 0.1 + gb * (22 / (730 / 24)) * 0.023, 9);
    expect(usd['CloudWatch alarm (1, the template\'s)']).toBeCloseTo(0.1, 9);
    expect(alternative.zeroTrafficUsd).toBeCloseTo(0.1 + 0.4, 9);
    expect(alternative.idempotencyTable.component).toBe('DynamoDB on-demand');
    // negative control: with no traffic there is no EventBridge line left to pay
    const idle = eventBridgeAlternative({ monthlyEvents: 0, apiKind: 'HTTP', assumptions: DEFAULT_ASSUMPTIONS, prices: PRICES, warmIngressInstances: 0 });
    expect(idle.lines.find((line) => line.component === 'EventBridge custom events')!.variableUsd).toBe(0);
  });

  test('large bodies: SQS bills per 64 KB chunk, HTTP APIs per 512 KB', () => {
    // 600 KB bodies: 10 SQS chunks per send and per receive, 2 HTTP API units
    const big = costPerMillionWebhooks({ apiKind: 'HTTP', assumptions: { eventBytes: 600 * 1024 } });
    expect(big.byComponent['SQS FIFO']).toBeCloseTo((10 + 10 + 1) * 0.5, 9);
    expect(big.byComponent['API Gateway (HTTP)']).toBeCloseTo(2, 9);
  });

  test('WAF on REST: web ACL + rule fixed, $0.60 per million requests; not offered on HTTP', () => {
    const assumptions = { ...DEFAULT_ASSUMPTIONS, waf: true };
    const input = { monthlyEvents: 2_000_000, assumptions, prices: PRICES, warmIngressInstances: 1 };
    const rest = monthlyCost({ ...input, apiKind: 'REST' }).lines.find((line) => line.component === 'AWS WAF')!;
    const http = monthlyCost({ ...input, apiKind: 'HTTP' }).lines.find((line) => line.component === 'AWS WAF')!;

    expect(rest.fixedUsd).toBeCloseTo(6, 9); // $5 + $1
    expect(rest.variableUsd).toBeCloseTo(1.2, 9); // 2 M × $0.60/M
    expect(http.variableUsd + http.fixedUsd).toBe(0);
    expect(http.basis).toMatch(/not available on HTTP APIs/);
  });

  test('provisioned concurrency: configured GB-s fixed, duration at the provisioned price', () => {
    // 2 × 0.25 GB × 730 h × 3600 s = 1,314,000 GB-s × 0.0000033334 = 4.3800876
    // 1 M × 0.05 s × 0.25 GB = 12,500 GB-s × 0.0000077778 = 0.0972225, + $0.20 requests
    const assumptions = { ...DEFAULT_ASSUMPTIONS, ingressProvisionedConcurrency: 2 };
    const breakdown = monthlyCost({ monthlyEvents: 1_000_000, apiKind: 'REST', assumptions, prices: PRICES, warmIngressInstances: 2 });
    const ingress = breakdown.lines.find((line) => line.component === 'Lambda ingress (arm64)')!;

    expect(ingress.fixedUsd).toBeCloseTo(4.3800876, 6);
    expect(ingress.variableUsd).toBeCloseTo(0.2972225, 6);
  });

  test('rate-limiter acquires add one write unit each; batches cut worker requests and SQS receives', () => {
    const base = costPerMillionWebhooks({ apiKind: 'REST' });
    const limited = costPerMillionWebhooks({ apiKind: 'REST', assumptions: { rateLimitAcquiresPerEvent: 2 } });
    const batched = costPerMillionWebhooks({ apiKind: 'REST', assumptions: { eventsPerWorkerInvocation: 10 } });

    expect(limited.byComponent['DynamoDB on-demand'] - base.byComponent['DynamoDB on-demand']).toBeCloseTo(2 * 0.625, 9);
    // 100,000 invocations: $0.02 of requests instead of $0.20; SQS: 1 M sends + 100 k receives + 100 k deletes
    expect(base.byComponent['Lambda worker (arm64, in-process)'] - batched.byComponent['Lambda worker (arm64, in-process)']).toBeCloseTo(0.18, 9);
    expect(batched.byComponent['SQS FIFO']).toBeCloseTo(1.2 * 0.5, 9);
  });
});
