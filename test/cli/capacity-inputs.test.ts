import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { formatHeatmap, HEADER, parseHeatmap } from '../../cli/capacity/heatmap';
import { builtInPricing, PRICE_KEYS, pricingFromFile } from '../../cli/capacity/pricing';
import { SAMPLE_HEATMAP_NAME, sampleHeatmapPath } from '../../cli/capacity/sample-heatmap';

const ROOT = path.join(__dirname, '..', '..');
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A valid CSV where day d, hour h holds d * 100 + h; `edit` rewrites its lines. */
function csv(edit: (lines: string[]) => string[] = (lines) => lines): string {
  const rows = DAYS.map((day, d) => [day, ...Array.from({ length: 24 }, (_, h) => d * 100 + h)].join(','));
  return edit([HEADER.join(','), ...rows]).join('\n');
}

describe('heatmap CSV', () => {
  test('parses Monday 00:00 first, whatever the row order, ignoring comments, blank lines and CRLF', () => {
    // Prepare: Sunday's row first, a comment, a blank line, Windows line ends
    const text = csv(([header, ...rows]) => ['# exported from CloudWatch', header, '', rows[6], ...rows.slice(0, 6)]).replace(/\n/g, '\r\n');

    // Act
    const heatmap = parseHeatmap(text, 'week.csv');

    // Assess
    expect(heatmap.hourlyCounts).toHaveLength(168);
    expect(heatmap.hourlyCounts[0]).toBe(0); // Mon 00
    expect(heatmap.hourlyCounts[23]).toBe(23); // Mon 23
    expect(heatmap.hourlyCounts[24 * 6 + 5]).toBe(605); // Sun 05
    expect(formatHeatmap(heatmap)).toBe(`${csv()}\n`);
  });

  test('day names are case-insensitive and may be written in full', () => {
    const text = csv((lines) => lines.map((line) => line.replace(/^Mon,/, 'MONDAY,').replace(/^Tue,/, 'tue,')));
    expect(parseHeatmap(text, 'week.csv').hourlyCounts[24]).toBe(100);
  });

  test.each([
    ['an empty file', () => '# only a comment\n', /week\.csv is empty: expected the header 'day,h00,h01,…,h23'/],
    ['a wrong header', () => csv(([, ...rows]) => ['day,0,1,2', ...rows]), /line 1: the header must be 'day,h00,h01,…,h23' \(25 columns\)/],
    ['six days', () => csv((lines) => lines.slice(0, 7)), /expected 7 rows after the header .*got 6/],
    ['a short row', () => csv((lines) => lines.map((line, i) => (i === 3 ? line.split(',').slice(0, 20).join(',') : line))),
      /line 4: expected 25 cells \(the day, then 24 hourly counts\); got 20/],
    ['a decimal count', () => csv((lines) => lines.map((line, i) => (i === 2 ? line.replace(',105,', ',10.5,') : line))),
      /line 3, h05: '10\.5' must be a whole number of webhooks/],
    ['a negative count', () => csv((lines) => lines.map((line, i) => (i === 1 ? line.replace(/,23$/, ',-1') : line))),
      /line 2, h23: '-1' must be a whole number/],
    ['an empty cell', () => csv((lines) => lines.map((line, i) => (i === 1 ? line.replace(',7,', ',,') : line))), /line 2, h07: '' must be a whole number/],
    ['an unknown day', () => csv((lines) => lines.map((line, i) => (i === 4 ? line.replace(/^Thu/, 'Thunder') : line))),
      /line 5: 'Thunder' must be a day name: Mon, Tue, Wed, Thu, Fri, Sat, Sun/],
    ['a day twice', () => csv((lines) => lines.map((line, i) => (i === 2 ? line.replace(/^Tue/, 'Mon') : line))), /line 3: Mon appears twice; each day once/],
  ])('rejects %s with the line and the fix', (_name, text, message) => {
    expect(() => parseHeatmap(text(), 'week.csv')).toThrow(message);
  });

  test('--sample reads docs/capacity/sample-heatmap.csv of the package, from the sources and from the CLI bundle\'s folder', () => {
    const expected = path.join(ROOT, SAMPLE_HEATMAP_NAME);
    expect(sampleHeatmapPath(path.join(ROOT, 'cli', 'capacity'))).toBe(expected);
    expect(sampleHeatmapPath(path.join(ROOT, 'assets', 'cli', 'ack-fast-webhook'))).toBe(expected);
    expect(parseHeatmap(readFileSync(expected, 'utf8'), SAMPLE_HEATMAP_NAME).hourlyCounts).toHaveLength(168);
  });

  test('outside the package, --sample says what is missing and what to use instead', () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'afw-no-package-'));
    expect(() => sampleHeatmapPath(elsewhere)).toThrow(/sample heatmap docs\/capacity\/sample-heatmap\.csv is missing .*no ack-fast-webhook-pipeline package above .*; use --heatmap FILE/);
  });
});

describe('pricing', () => {
  test('the built-in list is dated, for us-east-2, and has every price with a source', () => {
    const pricing = builtInPricing();
    const raw = JSON.parse(readFileSync(path.join(ROOT, 'cli/capacity/pricing-us-east-2.json'), 'utf8'));

    expect(pricing.region).toBe('us-east-2');
    expect(pricing.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(pricing.prices).sort()).toEqual([...PRICE_KEYS].sort());
    for (const key of PRICE_KEYS) expect(raw.prices[key].source).toMatch(/^https:\/\/aws\.amazon\.com\//);
  });

  test('a user file replaces only the prices it names, and says so', () => {
    const text = JSON.stringify({
      region: 'eu-west-1',
      currency: 'USD',
      asOf: '2026-11-01',
      prices: { apiGatewayRestPerMillionRequests: { usd: 3.7, source: 'https://aws.amazon.com/api-gateway/pricing/' } },
    });

    const pricing = pricingFromFile(text, 'eu.json');

    expect(pricing).toMatchObject({ region: 'eu-west-1', asOf: '2026-11-01', origin: 'eu.json', overridden: ['apiGatewayRestPerMillionRequests'] });
    expect(pricing.prices.apiGatewayRestPerMillionRequests).toBe(3.7);
    expect(pricing.prices.sqsFifoPerMillionRequests).toBe(builtInPricing().prices.sqsFifoPerMillionRequests);
  });

  test.each([
    ['not JSON', '{', /p\.json is not JSON/],
    ['no date', JSON.stringify({ region: 'r', currency: 'USD', prices: {} }), /p\.json: asOf .*ISO date|p\.json: .*asOf/],
    ['a negative price', JSON.stringify({
      region: 'r',
      currency: 'USD',
      asOf: '2026-01-01',
      prices: { lambdaPerMillionRequests: { usd: -1, source: 'x' } },
    }), /prices\.lambdaPerMillionRequests\.usd must be 0 or more/],
    ['an unknown price', JSON.stringify({
      region: 'r',
      currency: 'USD',
      asOf: '2026-01-01',
      prices: { lambdaPerBanana: { usd: 1, source: 'x' } },
    }), /must be one of: apiGatewayRestPerMillionRequests/],
    ['a price without a source', JSON.stringify({
      region: 'r',
      currency: 'USD',
      asOf: '2026-01-01',
      prices: { lambdaPerMillionRequests: { usd: 1 } },
    }), /prices\.lambdaPerMillionRequests\.source/],
    ['another currency', JSON.stringify({ region: 'r', currency: 'EUR', asOf: '2026-01-01', prices: {} }), /currency must be "USD"/],
  ])('rejects a file with %s', (_name, text, message) => {
    expect(() => pricingFromFile(text, 'p.json')).toThrow(message);
  });
});
