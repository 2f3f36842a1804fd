import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from './harness';
import { HEADER } from '../../cli/capacity/heatmap';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'capacity-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

/** 360 webhooks every hour, 36,000 on Monday 00:00: 96,120 a week. */
function weekCsv(): string {
  const rows = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
    .map((day, d) => [day, ...Array.from({ length: 24 }, (_, h) => (d === 0 && h === 0 ? 36_000 : 360))].join(','));
  return [HEADER.join(','), ...rows].join('\n');
}

describe('capacity', () => {
  test('--heatmap FILE prints traffic, concurrency, backlog, cost per component and the assumptions', async () => {
    // Prepare
    const heatmap = file('week.csv', weekCsv());

    // Act
    const result = await runCli(['capacity', '--heatmap', heatmap]);

    // Assess: the hand-computed figures of capacity-model.test.ts, as printed
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^ {2}webhooks per week +96,120$/m);
    expect(result.stdout).toMatch(/^ {2}busiest hour +Mon 00:00, 36,000 webhooks = 10\.00 \/s$/m);
    expect(result.stdout).toMatch(/^ {2}peak second +30\.00 \/s \(busiest hour × peak factor 3\)$/m);
    expect(result.stdout).toMatch(/^ {2}worker concurrency at peak +5\.00 of 5$/m);
    expect(result.stdout).toMatch(/the queue grows 550 events per minute while it lasts/);
    // Per component: FIXED (REST, HTTP) a month, VARIABLE (REST, HTTP) per million webhooks
    expect(result.stdout).toMatch(/^ {2}API Gateway +0\.00 +0\.00 +3\.50 +1\.00$/m);
    expect(result.stdout).toMatch(/^ {2}CloudWatch alarms +1\.30 +1\.30 +0\.00 +0\.00$/m);
    expect(result.stdout).toMatch(/^ {2}variable per million webhooks +8\.43 +5\.93$/m);
    expect(result.stdout).toMatch(/^ {2}fixed per month \(traffic every hour\) +2\.52 +2\.52 {2}\(REST, HTTP\)$/m);
    expect(result.stdout).toMatch(/^ {2}this heatmap's month \(417,664 webhooks\) +\d+\.\d\d +\d+\.\d\d$/m);
    expect(result.stdout).toMatch(/us-east-2 list prices as of \d{4}-\d{2}-\d{2}, built-in/);
    expect(result.stdout).toMatch(/^ {2}--worker-max-concurrency +5 {2}invocations$/m);
  });

  test('--json gives the same model as data; flags change the assumptions', async () => {
    // Prepare
    const heatmap = file('week-json.csv', weekCsv());

    // Act
    const result = await runCli(['capacity', '--heatmap', heatmap, '--json', '--peak-factor', '2', '--worker-max-concurrency', '10']);

    // Assess
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.traffic.peakEventsPerSecond).toBeCloseTo(20, 9);
    expect(report.capacity.workerThroughputPerSecond).toBeCloseTo(10 / 0.24, 9);
    expect(report.capacity.backlogGrowthPerMinuteAtPeak).toBe(0);
    expect(report.assumptions).toMatchObject({ peakFactor: 2, workerMaxConcurrency: 10, waf: false });
    // $2.50 per million less for the API; the HTTP stage's access log line is 1 B longer (× $0.53 per GiB)
    const events = 417_664.2857;
    expect(report.costs.REST.totalUsd - report.costs.HTTP.totalUsd).toBeCloseTo((events * 2.5) / 1e6 - (events * 1 * 0.53) / 1024 ** 3, 5);
    expect(report.pricing).toMatchObject({ region: 'us-east-2', origin: 'built-in', overridden: [] });
  });

  test('--downstream-events-per-second shows the drain rate bounded by the outbound limit and the backlog it leaves', async () => {
    // 9,600 on Thursday 17:00 against 1.6667/s (6,000 per hour)
    const result = await runCli(['capacity', '--sample', '--downstream-events-per-second', '1.6667']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}drain rate +1\.67 \/s \(the downstream rate limit; the worker alone would drain more\)$/m);
    expect(result.stdout).toMatch(/^ {2}hourly backlog +worst [\d,]+ events \(~[\d,]+ s old, ABOVE the 300 s backlog SLO\)/m);
  });

  test('--sample runs the bundled heatmap; --pricing replaces the prices it names', async () => {
    // Prepare: a REST price of $0 removes the REST/HTTP difference but for the HTTP price
    const pricing = file('pricing.json', JSON.stringify({
      region: 'us-east-2',
      currency: 'USD',
      asOf: '2026-11-24',
      prices: { apiGatewayRestPerMillionRequests: { usd: 0, source: 'https://aws.amazon.com/api-gateway/pricing/' } },
    }));

    // Act
    const result = await runCli(['capacity', '--sample', '--pricing', pricing, '--json']);

    // Assess
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.heatmapSource).toBe('docs/capacity/sample-heatmap.csv');
    expect(report.traffic.weeklyEvents).toBe(226_064);
    expect(report.pricing).toMatchObject({ asOf: '2026-11-24', origin: pricing, overridden: ['apiGatewayRestPerMillionRequests'] });
    expect(report.costs.REST.lines[0]).toMatchObject({ component: 'API Gateway (REST)', variableUsd: 0 });
  });

  test('--print-pricing prints the built-in list, a template for --pricing', async () => {
    const result = await runCli(['capacity', '--print-pricing']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ region: 'us-east-2', currency: 'USD' });
  });

  test('--help documents the CSV format and every assumption flag with its default', async () => {
    const result = await runCli(['capacity', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: ack-fast-webhook capacity');
    expect(result.stdout).toContain('day,h00,h01,…,h23');
    expect(result.stdout).toMatch(/--peak-factor N +default 3/);
  });

  test.each([
    [['capacity'], /give exactly one of --heatmap FILE or --sample/],
    [['capacity', '--sample', '--heatmap', 'x.csv'], /give exactly one of --heatmap FILE or --sample/],
    [['capacity', '--heatmap', '/nonexistent/week.csv'], /cannot read --heatmap \/nonexistent\/week\.csv \(ENOENT\)/],
    [['capacity', '--sample', '--peak-factor', '0.5'], /--peak-factor must be at least 1/],
    [['capacity', '--sample', '--worker-batch-size', '11'], /--worker-batch-size must be 1 to 10/],
    [['capacity', '--sample', '--ingress-duration-ms', 'fast'], /--ingress-duration-ms must be a positive number, got 'fast'/],
    [['capacity', '--sample', '--region', 'us-east-1'], /works offline; --region and --endpoint-url do not apply/],
    [['capacity', 'week.csv'], /unexpected argument 'week\.csv'/],
    [['capacity', '--sample', '--processor-mode', 'lambda'], /--processor-mode must be in-process or separate-processor; got 'lambda'/],
  ])('%j exits 2 with one line', async (args, message) => {
    const result = await runCli(args as string[]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('--processor-mode and --dashboard change the worker and dashboard lines', async () => {
    const separate = JSON.parse((await runCli(['capacity', '--sample', '--json', '--processor-mode', 'separate-processor'])).stdout);
    const dashboard = JSON.parse((await runCli(['capacity', '--sample', '--json', '--dashboard'])).stdout);
    const inProcess = JSON.parse((await runCli(['capacity', '--sample', '--json'])).stdout);

    expect(inProcess.assumptions).toMatchObject({ processorMode: 'in-process', dashboard: false });
    expect(separate.perMillionLines.HTTP.map((line: { component: string }) => line.component)).toContain('Lambda processor (yours)');
    expect(inProcess.perMillionLines.HTTP.map((line: { component: string }) => line.component)).not.toContain('Lambda processor (yours)');
    expect(separate.costPerMillionWebhooks.HTTP - inProcess.costPerMillionWebhooks.HTTP).toBeCloseTo(0.86667, 5);
    expect(dashboard.fixedMonthlyUsd.HTTP - inProcess.fixedMonthlyUsd.HTTP).toBeCloseTo(3, 9);
  });

  test('a malformed heatmap or price file exits 2 naming the file, the line and the fix', async () => {
    const heatmap = file('bad.csv', weekCsv().replace(',360,', ',3.6,'));
    const pricing = file('bad-pricing.json', '{"region":"us-east-2","currency":"USD","asOf":"2026-11-24","prices":{"sqs":{"usd":1,"source":"x"}}}');

    const badHeatmap = await runCli(['capacity', '--heatmap', heatmap]);
    const badPricing = await runCli(['capacity', '--sample', '--pricing', pricing]);

    expect(badHeatmap.code).toBe(2);
    expect(badHeatmap.stderr).toMatch(/bad\.csv line 2, h01: '3\.6' must be a whole number of webhooks/);
    expect(badPricing.code).toBe(2);
    expect(badPricing.stderr).toMatch(/bad-pricing\.json: prices\.sqs must be one of: /);
  });

  test('the top-level usage lists the command', async () => {
    const result = await runCli(['--help']);
    expect(result.stdout).toMatch(/^ {2}capacity --heatmap FILE/m);
  });
});
