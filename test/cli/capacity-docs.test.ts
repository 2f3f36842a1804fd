/* The capacity and cost docs quote the command's output: these tests keep the quotes true. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from './harness';

const ROOT = path.join(__dirname, '..', '..');
const DOCS = path.join(ROOT, 'docs', '07_Reliability_Scaling');
const doc = (name: string) => readFileSync(path.join(DOCS, name), 'utf8');
const usd = (value: number) => `$${value.toFixed(2)}`;

/** The text from the line starting with `first` up to (not including) the line starting with `next`. */
function section(output: string, first: string, next: string): string {
  const start = output.indexOf(`\n${first}`) + 1;
  const end = output.indexOf(`\n${next}`, start);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return output.slice(start, end).trimEnd();
}

describe('docs quote the capacity command', () => {
  test('Capacity_Plan_and_SLOs.md shows the sample\'s traffic, concurrency and backlog as printed', async () => {
    const sample = await runCli(['capacity', '--sample']);
    const limited = await runCli(['capacity', '--sample', '--downstream-events-per-second', '1.6667']);
    const text = doc('Capacity_Plan_and_SLOs.md');

    expect(sample.code).toBe(0);
    expect(text).toContain(sample.stdout.slice(0, sample.stdout.indexOf('\nMonthly cost')).trimEnd());
    expect(text).toContain(section(limited.stdout, 'Lambda concurrency and queue backlog', 'Monthly cost'));
  });

  test('Cost_Model.md shows the sample\'s cost table as printed, and the variants\' totals', async () => {
    const sample = await runCli(['capacity', '--sample']);
    const waf = JSON.parse((await runCli(['capacity', '--sample', '--json', '--waf'])).stdout);
    const batched = JSON.parse((await runCli(['capacity', '--sample', '--json', '--events-per-worker-invocation', '5', '--groups-per-batch', '5'])).stdout);
    const text = doc('Cost_Model.md');

    expect(text).toContain(section(sample.stdout, 'Monthly cost', 'For comparison'));
    expect(text).toContain(`the sample's REST total becomes $${waf.costs.REST.totalUsd.toFixed(2)}`);
    expect(text).toContain(`takes the sample's REST total to $${batched.costs.REST.totalUsd.toFixed(2)}`);
  });

  test('Cost_Model.md shows a reconciliation sweep\'s lines and totals as printed, and the sweep leaves the other lines unchanged', async () => {
    const sample = await runCli(['capacity', '--sample']);
    const swept = await runCli(['capacity', '--sample', '--sweep-interval-minutes', '5']);
    const text = doc('Cost_Model.md');
    const costTable = (output: string) => section(output, 'Monthly cost', '  total ');

    expect(swept.code).toBe(0);
    expect(text).toContain(section(swept.stdout, '  EventBridge Scheduler (sweep)  ', '\nHow each line').trimEnd());
    expect(text).toContain(section(swept.stdout, '  EventBridge Scheduler (sweep):', '  API Gateway (HTTP):'));
    // Every line without a sweep is as printed without one.
    expect(costTable(swept.stdout).split('\n').filter((line) => !/sweep/.test(line))).toEqual(costTable(sample.stdout).split('\n'));
  });

  test('Hosting_Options_and_Recommendation.md shows the EventBridge comparison as printed, and its figures', async () => {
    const sample = await runCli(['capacity', '--sample']);
    const report = JSON.parse((await runCli(['capacity', '--sample', '--json'])).stdout);
    const text = readFileSync(path.join(ROOT, 'docs', '02_System_Architecture', 'Hosting_Options_and_Recommendation.md'), 'utf8');
    const alternative = report.eventBridgeAlternative;
    const table = alternative.idempotencyTable;

    expect(text).toContain(section(sample.stdout, 'For comparison', '  total with it'));
    expect(text).toContain(`${usd(alternative.perMillionUsd)} traffic-driven, ${usd(alternative.totalUsd)} a month in all, `
      + `${usd(alternative.zeroTrafficUsd)} at zero traffic; ${usd(alternative.totalUsd + table.variableUsd + table.fixedUsd)} with an idempotency table`);
    expect(text).toContain(`${usd(report.costPerMillionWebhooks.HTTP)} (HTTP API) / ${usd(report.costPerMillionWebhooks.REST)} (REST) traffic-driven; `
      + `${usd(report.costs.HTTP.totalUsd)} / ${usd(report.costs.REST.totalUsd)} a month`);
    expect(text).toContain(`(${usd(alternative.perMillionUsd)} against ${usd(report.costPerMillionWebhooks.HTTP)} per million)`);
    expect(text).toContain(`with ${usd(report.zeroTrafficUsd.HTTP)} at zero traffic`);
  });

  test('the README states the fixed, zero-traffic and per-million cost as capacity --sample prints them', async () => {
    const report = JSON.parse((await runCli(['capacity', '--sample', '--json'])).stdout);
    const text = readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');

    expect(text).toContain(`the sample week of ${Math.round(report.traffic.monthlyEvents).toLocaleString('en-US')} webhooks a month`);
    expect(text).toContain(`us-east-2 list prices of ${report.pricing.asOf}`);
    expect(report.zeroTrafficUsd.REST).toBe(report.zeroTrafficUsd.HTTP);
    expect(report.fixedMonthlyUsd.REST).toBe(report.fixedMonthlyUsd.HTTP);
    expect(text).toContain(`**FIXED ${usd(report.fixedMonthlyUsd.REST)} a month** per pipeline`);
    expect(text).toContain(`${usd(report.zeroTrafficUsd.REST)} a month at zero traffic`);
    expect(text).toContain(`**VARIABLE ${usd(report.costPerMillionWebhooks.HTTP)} per million webhooks** with \`apiKind: WebhookApiKind.HTTP\`, `
      + `${usd(report.costPerMillionWebhooks.REST)} with the default REST API`);
    expect(text).toContain(`${usd(report.costs.REST.totalUsd)} / ${usd(report.costs.HTTP.totalUsd)} a month for the sample week`);
  });
});
