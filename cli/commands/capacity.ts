/*
 * `ack-fast-webhook capacity --heatmap FILE [--pricing FILE] [--json]`: peak and p99 rates,
 * Lambda concurrency, queue backlog and monthly cost per component, from a week of hourly counts.
 * Works offline: no AWS call.
 */
import { readFileSync } from 'node:fs';
import { ASSUMPTION_FLAGS, assumptionProblems, CapacityAssumptions, DEFAULT_ASSUMPTIONS, PROCESSOR_MODES, ProcessorMode } from '../capacity/assumptions';
import { HEADER, HeatmapError, parseHeatmap } from '../capacity/heatmap';
import { builtInPricing, builtInPricingJson, PriceList, PricingError, pricingFromFile } from '../capacity/pricing';
import { buildReport, formatReport, reportJson } from '../capacity/report';
import { SAMPLE_HEATMAP_NAME, sampleHeatmapPath } from '../capacity/sample-heatmap';
import { CliIo, CommandError, EXIT_OK, OptionSpec, parseCommandArgs, ParsedArgs, positiveNumber, UsageError } from '../options';

export const CAPACITY_HELP = [
  'Usage: ack-fast-webhook capacity (--heatmap FILE | --sample) [--pricing FILE] [--json] [assumption flags]',
  '',
  'Reads a week of hourly webhook counts and prints the peak and p99 events per second, the',
  'Lambda concurrency and queue backlog they imply, and the monthly cost per component for an',
  'API Gateway REST and an HTTP API. No AWS call is made.',
  '',
  `Heatmap CSV: a header '${HEADER.slice(0, 3).join(',')},…,h23', then one row per day (Mon … Sun, each`,
  'once): the day, then 24 whole-number counts (UTC hours). Lines starting with # are comments.',
  '',
  'Options:',
  '  --heatmap FILE        the heatmap CSV',
  `  --sample              use the sample week shipped in the package (${SAMPLE_HEATMAP_NAME})`,
  '  --pricing FILE        prices (JSON) replacing the built-in us-east-2 list prices they name',
  '  --print-pricing       print the built-in price list (a template for --pricing) and exit',
  '  --json                print the report as JSON',
  '  --waf                 include an AWS WAF web ACL with one rate-based rule (REST only)',
  '  --dashboard           include the on-call dashboard (construct: dashboardEnabled)',
  `  --processor-mode M    ${PROCESSOR_MODES.join(' or ')} (default ${DEFAULT_ASSUMPTIONS.processorMode}: one Lambda invocation per batch)`,
  '  --tracing             include X-Ray active tracing (tracingEnabled): one trace per webhook',
  ...ASSUMPTION_FLAGS.map((spec) => `  --${`${spec.flag} N`.padEnd(38)}default ${DEFAULT_ASSUMPTIONS[spec.key]} (${spec.unit})`),
  '  -h, --help            show this help',
].join('\n');

const OPTIONS: OptionSpec = {
  'heatmap': { type: 'string' },
  'sample': { type: 'boolean' },
  'pricing': { type: 'string' },
  'print-pricing': { type: 'boolean' },
  'json': { type: 'boolean' },
  'waf': { type: 'boolean' },
  'dashboard': { type: 'boolean' },
  'processor-mode': { type: 'string' },
  'tracing': { type: 'boolean' },
  ...Object.fromEntries(ASSUMPTION_FLAGS.map((spec) => [spec.flag, { type: 'string' as const }])),
};

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new UsageError(`capacity: cannot read ${flag} ${path} (${code})`);
  }
}

function sampleHeatmapText(): string {
  try {
    return readFileSync(sampleHeatmapPath(), 'utf8');
  } catch (error) {
    throw new CommandError(`capacity --sample: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function assumptionsFrom(values: ParsedArgs['values']): CapacityAssumptions {
  const mode = values['processor-mode'] ?? DEFAULT_ASSUMPTIONS.processorMode;
  if (!PROCESSOR_MODES.includes(mode as ProcessorMode)) {
    throw new UsageError(`capacity: --processor-mode must be ${PROCESSOR_MODES.join(' or ')}; got '${String(mode)}'`);
  }
  const chosen: Record<string, number | boolean | string> = {
    ...DEFAULT_ASSUMPTIONS,
    waf: values.waf === true,
    dashboard: values.dashboard === true,
    processorMode: mode as ProcessorMode,
    tracing: values.tracing === true,
  };
  for (const spec of ASSUMPTION_FLAGS) {
    const raw = values[spec.flag];
    const isZero = typeof raw === 'string' && raw.trim() !== '' && Number(raw) === 0;
    chosen[spec.key] = spec.zeroAllowed && isZero ? 0 : positiveNumber('capacity', values, spec.flag, DEFAULT_ASSUMPTIONS[spec.key], spec.integer)!;
  }
  const assumptions = chosen as unknown as CapacityAssumptions;
  const problems = assumptionProblems(assumptions);
  if (problems.length > 0) throw new UsageError(`capacity: ${problems[0]}`);
  return assumptions;
}

function pricingFrom(values: ParsedArgs['values']): PriceList {
  const file = values.pricing;
  if (typeof file !== 'string') return builtInPricing();
  try {
    return pricingFromFile(readText(file, '--pricing'), file);
  } catch (error) {
    if (error instanceof PricingError) throw new UsageError(`capacity: ${error.message}`);
    throw error;
  }
}

export async function runCapacity(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('capacity', argv, OPTIONS);
  if (values.help) {
    io.stdout(`${CAPACITY_HELP}\n`);
    return EXIT_OK;
  }
  if (values['print-pricing']) {
    io.stdout(builtInPricingJson());
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`capacity: unexpected argument '${positionals[0]}' (the heatmap goes after --heatmap)`);
  if (values.region !== undefined || values['endpoint-url'] !== undefined) {
    throw new UsageError('capacity: works offline; --region and --endpoint-url do not apply (prices come from --pricing)');
  }
  const heatmapFile = typeof values.heatmap === 'string' ? values.heatmap : undefined;
  if ((heatmapFile === undefined) === (values.sample !== true)) {
    throw new UsageError('capacity: give exactly one of --heatmap FILE or --sample');
  }
  const assumptions = assumptionsFrom(values);
  const pricing = pricingFrom(values);
  const source = heatmapFile ?? SAMPLE_HEATMAP_NAME;
  let heatmap;
  try {
    heatmap = parseHeatmap(heatmapFile === undefined ? sampleHeatmapText() : readText(heatmapFile, '--heatmap'), source);
  } catch (error) {
    if (error instanceof HeatmapError) throw new UsageError(`capacity: ${error.message}`);
    throw error;
  }
  const report = buildReport(heatmap, source, assumptions, pricing);
  io.stdout(values.json ? reportJson(report) : formatReport(report));
  return EXIT_OK;
}
