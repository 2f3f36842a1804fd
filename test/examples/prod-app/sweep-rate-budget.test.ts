/*
 * The sweep shares the processor's Richpanel budget (the `richpanel` token bucket in the state table):
 * together they never exceed 50 requests in any 30 s, measured on the fake Richpanel's log of
 * admitted requests, and the fake never has to answer 429. Negative control: a sweep on a bucket
 * of its own (another table) overruns the account limit and draws 429s. A 429 defers the page.
 */
import { Harness, requestFor, RICHPANEL_KEY, useHarnessPerTest } from './processor-harness';
import { RICHPANEL_ROUTES } from '../../../examples/prod-app/fakes/fake-richpanel';
import { RichpanelTicketSource } from '../../../examples/prod-app/sweep/richpanel-ticket-source';
import { createRichpanelSweepSource } from '../../../examples/prod-app/sweep/sweep-settings';
import { createStateTable } from '../../support/emulators';

const WINDOW_MS = 30_000;
const LIMIT = 50;

/** The most requests the fake admitted in any 30 s (sliding, as the fake itself counts). */
function busiestWindow(admittedAt: readonly number[]): number {
  let most = 0;
  for (let start = 0, end = 0; end < admittedAt.length; end++) {
    while (admittedAt[end] - admittedAt[start] >= WINDOW_MS) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

function sweepSource(h: Harness, tableName: string): RichpanelTicketSource {
  return createRichpanelSweepSource({
    settings: { richpanelApiKeySecretArn: 'test', richpanelBaseUrl: h.richpanel.baseUrl, secretCacheTtlSeconds: 300 },
    rateLimiting: { tableName, client: h.dynamo, now: h.clock.now },
    richpanelApiKey: async () => RICHPANEL_KEY,
    policy: { attemptTimeoutMs: 500, sleep: async () => undefined, now: h.clock.now },
    pageSize: 5,
  });
}

describe('the sweep on the processor\'s Richpanel bucket (fake Richpanel, dynalite)', () => {
  const harness = useHarnessPerTest();

  /**
   * Two simulated minutes: each second 3 order-status events reach the processor (2 calls each,
   * far beyond the budget) while the sweep pages through 300 tickets, 5 per page, one page a second.
   */
  async function burst(h: Harness, sweepTable: string) {
    for (let i = 0; i < 300; i++) h.richpanel.tickets.customerMessage({ ticketId: `T-${i}`, text: 'Where is my order #1001?', customer: { email: 'jane.doe@example.com' } });
    const source = sweepSource(h, sweepTable);
    const window = { fromMs: h.clock.ms - 3_600_000, untilMs: h.clock.ms + 3_600_000 };
    const tally = { processed: 0, deferred: 0, pages: 0, pageDeferrals: 0 };
    let pageToken: string | undefined;
    for (let second = 0; second < 120; second++) {
      const events = [0, 1, 2].map((n) => h.processor.process(requestFor(
        { event: 'customer.message', ticket: { id: `B-${second}-${n}`, customer: { email: 'jane.doe@example.com' }, lastMessage: { text: 'Where is my order #1001?' } } },
        `evt-${second}-${n}`,
      )));
      const page = source.listPage({ ...window, pageToken });
      const [answers, listed] = await Promise.all([Promise.all(events), page]);
      for (const answer of answers) answer.outcome === 'PROCESSED' ? tally.processed++ : tally.deferred++;
      if ('retryAfterMs' in listed) {
        tally.pageDeferrals++;
      } else {
        tally.pages++;
        pageToken = listed.nextPageToken ?? undefined;
      }
      h.clock.advance(1_000);
    }
    return tally;
  }

  test('sweep + processor stay within 50 requests / 30 s, with no 429; both make progress', async () => {
    // Prepare
    const h = await harness({ richpanel: { limit: LIMIT, windowSeconds: 30 } });

    // Act
    const tally = await burst(h, h.tableName);

    // Assess
    const busiest = busiestWindow(h.richpanel.admittedAt);
    process.stdout.write(`[sweep budget] shared bucket: busiest 30 s window ${busiest} requests (limit ${LIMIT}), 429s ${h.richpanel.rateLimited()}, `
      + `processor events ${tally.processed} answered / ${tally.deferred} deferred, sweep pages ${tally.pages} read / ${tally.pageDeferrals} deferred\n`);
    expect(busiest).toBeLessThanOrEqual(LIMIT);
    expect(h.richpanel.rateLimited()).toBe(0);
    expect(tally.processed).toBeGreaterThan(0);
    expect(tally.pages).toBeGreaterThan(0);
    expect(tally.pageDeferrals).toBeGreaterThan(0);
  }, 120_000);

  test('negative control: a sweep on a bucket of its own overruns the account limit and the fake answers 429', async () => {
    // Prepare
    const h = await harness({ richpanel: { limit: LIMIT, windowSeconds: 30 } });
    const ownTable = `${h.tableName}-own`;
    await createStateTable(h.dynamo, ownTable);

    // Act
    await burst(h, ownTable);

    // Assess
    expect(h.richpanel.rateLimited()).toBeGreaterThan(0);
  }, 120_000);

  test('a 429 from Richpanel defers the page (the run ends, the next one reads it again); nothing is dropped', async () => {
    // Prepare
    const h = await harness();
    for (let i = 0; i < 3; i++) h.richpanel.tickets.customerMessage({ ticketId: `T-${i}`, text: 'hello' });
    const source = sweepSource(h, h.tableName);
    const window = { fromMs: h.clock.ms - 60_000, untilMs: h.clock.ms + 60_000 };
    h.richpanel.fail(RICHPANEL_ROUTES.tickets, { kind: 'status', status: 429 });

    // Act
    const deferred = await source.listPage(window);
    const retried = await source.listPage(window);

    // Assess
    expect(deferred).toEqual({ retryAfterMs: 30_000 });
    expect('candidates' in retried && retried.candidates.map((c) => JSON.parse(c.event as string).ticket.id).sort()).toEqual(['T-0', 'T-1', 'T-2']);
  });
});
