/* The capacity and cost docs quote the command's output: these tests keep the quotes true. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from './harness';

const DOCS = path.join(__dirname, '..', '..', 'docs', '07_Reliability_Scaling');
const doc = (name: string) => readFileSync(path.join(DOCS, name), 'utf8');

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
});
