/*
 * The price list the cost model reads: built-in us-east-2 list prices (pricing-us-east-2.json),
 * or a user's file with the same shape (`--pricing FILE`) whose prices replace the built-in ones
 * they name. Every price carries its unit and its source; the list carries the date it was read.
 */
import * as v from 'valibot';
import BUILT_IN_PRICING from './pricing-us-east-2.json';

export const PRICE_KEYS = [
  'apiGatewayRestPerMillionRequests', 'apiGatewayHttpPerMillionRequests',
  'lambdaPerMillionRequests', 'lambdaArmPerGbSecond', 'lambdaArmProvisionedPerGbSecond', 'lambdaArmProvisionedDurationPerGbSecond',
  'sqsFifoPerMillionRequests',
  'dynamoDbPerMillionWriteRequestUnits', 'dynamoDbPerMillionReadRequestUnits', 'dynamoDbStoragePerGbMonth', 'dynamoDbPitrPerGbMonth',
  'cloudWatchLogsIngestPerGb', 'cloudWatchLogsStoragePerGbMonth', 'cloudWatchCustomMetricPerMonth', 'cloudWatchAlarmPerMonth',
  'cloudWatchCompositeAlarmPerMonth', 'cloudWatchDashboardPerMonth',
  'secretsManagerSecretPerMonth', 'secretsManagerPer10kCalls',
  'wafWebAclPerMonth', 'wafRulePerMonth', 'wafPerMillionRequests',
  'eventBridgeCustomEventsPerMillion', 'eventBridgeArchivePerGb', 'eventBridgeArchiveStoragePerGbMonth',
  'schedulerPerMillionInvocations',
  'xrayPerMillionTracesRecorded', 'xrayPerMillionTracesRetrieved',
  'firehoseIngestionPerGb', 's3StandardStoragePerGbMonth', 's3PutPer1000Requests',
] as const;

export type PriceKey = (typeof PRICE_KEYS)[number];
/** USD amounts by price key. */
export type Prices = Readonly<Record<PriceKey, number>>;

export interface PriceList {
  readonly region: string;
  /** The date the prices were read from their sources (ISO date). */
  readonly asOf: string;
  /** Where the list came from: 'built-in' or the file given. */
  readonly origin: string;
  readonly prices: Prices;
  /** Keys a user file replaced (empty for the built-in list). */
  readonly overridden: readonly PriceKey[];
}

const PriceEntry = v.strictObject({
  usd: v.pipe(v.number(), v.finite(), v.minValue(0, 'must be 0 or more')),
  unit: v.optional(v.string()),
  source: v.pipe(v.string(), v.minLength(1, 'must name where the price was read (a URL)')),
  asOf: v.optional(v.pipe(v.string(), v.isoDate('must be an ISO date (YYYY-MM-DD)'))),
});

const PriceFile = v.strictObject({
  region: v.pipe(v.string(), v.minLength(1)),
  currency: v.literal('USD', 'must be "USD"'),
  asOf: v.pipe(v.string(), v.isoDate('must be an ISO date (YYYY-MM-DD): the day the prices were read')),
  note: v.optional(v.string()),
  prices: v.record(v.picklist(PRICE_KEYS, `must be one of: ${PRICE_KEYS.join(', ')}`), PriceEntry),
});

export type PriceFileContent = v.InferOutput<typeof PriceFile>;

/** A price file that cannot be used: the message names the field and the fix. */
export class PricingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PricingError';
  }
}

function checkPriceFile(content: unknown, origin: string): PriceFileContent {
  const result = v.safeParse(PriceFile, content);
  if (!result.success) {
    const issue = result.issues[0];
    const path = v.getDotPath(issue) ?? '(top level)';
    throw new PricingError(`${origin}: ${path} ${issue.message}. See the built-in list (capacity --print-pricing) for the shape.`);
  }
  return result.output;
}

function usdOf(file: PriceFileContent): Partial<Record<PriceKey, number>> {
  return Object.fromEntries(Object.entries(file.prices).map(([key, entry]) => [key, entry.usd]));
}

/** The built-in list; a test keeps it complete. */
export function builtInPricing(): PriceList {
  const file = checkPriceFile(BUILT_IN_PRICING, 'built-in pricing');
  const prices = usdOf(file);
  const missing = PRICE_KEYS.filter((key) => prices[key] === undefined);
  if (missing.length > 0) throw new PricingError(`built-in pricing lacks ${missing.join(', ')}`);
  return { region: file.region, asOf: file.asOf, origin: 'built-in', prices: prices as Prices, overridden: [] };
}

/** The built-in JSON, pretty-printed: a template for `--pricing FILE`. */
export function builtInPricingJson(): string {
  return `${JSON.stringify(BUILT_IN_PRICING, null, 2)}\n`;
}

/** Reads a user's price file (JSON text) over the built-in list. */
export function pricingFromFile(text: string, origin: string): PriceList {
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    throw new PricingError(`${origin} is not JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const file = checkPriceFile(content, origin);
  const base = builtInPricing();
  const overrides = usdOf(file);
  return {
    region: file.region,
    asOf: file.asOf,
    origin,
    prices: { ...base.prices, ...overrides },
    overridden: PRICE_KEYS.filter((key) => overrides[key] !== undefined),
  };
}
