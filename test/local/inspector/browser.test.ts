/*
 * The inspector of `npx projen local` in a real browser: Debian's headless Chromium (driven by
 * playwright-core, never a downloaded browser) loads the page, sends a sample webhook, sees it
 * processed, replays it, then pauses processing, sees a new sample wait in the backlog, and
 * resumes. Screenshots go to test-artifacts/ (gitignored; docs/images/local-inspector.png is one).
 */
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ACTION_HEADER } from '../../../local/inspector/page';
import { runLocal } from '../../../local/main';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', '..', '..', 'test-artifacts');
// As root, on a machine with no network: no sandbox, no background connections, a fresh profile.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('local inspector in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let stopLocal: () => void;
  let localExit: Promise<number>;
  const out: string[] = [];
  const err: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium (.ci/run does this)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    const stop = new Promise<void>((resolve) => {
      stopLocal = resolve;
    });
    localExit = runLocal(['--sweep-every', '0'], { out: (line) => out.push(line), err: (line) => err.push(line) }, stop);
    for (let i = 0; i < 600 && !out.some((line) => line.startsWith('Ready.')); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 560 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    stopLocal?.();
    await localExit;
  }, 60_000);

  const inspectorUrl = () => out.find((line) => line.startsWith('Inspector '))?.match(/(http:\/\/127\.0\.0\.1:\d+\/)$/)?.[1];
  const firstRow = () => page.locator('tr.event').first();

  test('loads the page, sends a sample webhook, and shows it processed with its path, attempts and timings', async () => {
    // Prepare
    const url = inspectorUrl();
    expect(url).toBeDefined();
    await page.goto(url!);
    await expect(page.locator('h1').textContent()).resolves.toContain('rp-mw-dev');

    // Act
    await page.click('#send-sample');

    // Assess
    await page.locator('tr.event[data-status="processed"]').first().waitFor({ timeout: 30_000 });
    const eventId = await firstRow().getAttribute('data-event-id');
    expect(eventId).toMatch(/^[0-9a-f]{64}$/);
    expect(await firstRow().locator('td.path').textContent()).toBe('received → enqueued → processed');
    const cells = await firstRow().locator('td').allTextContents();
    expect(cells[3]).toBe('1');
    expect(cells[5]).toBe('200');
    expect(cells[6]).toMatch(/^\d+ ms$/);
    expect(cells[7]).toMatch(/^\d+ ms$/);
    expect(cells[8]).toBe('ok');
    expect(await page.locator('#notice').textContent()).toMatch(/^sent a sample webhook: [0-9a-f]{64} enqueued$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'local-inspector.png') });
    expect(err).toEqual([]);
  }, 60_000);

  test('replay runs the event again: its record goes COMPLETED -> FAILED (ManualReplay), then processed on attempt 1 of the new message', async () => {
    // Prepare
    const eventId = await firstRow().getAttribute('data-event-id');

    // Act
    await firstRow().locator('button.replay').click();

    // Assess
    await page.locator('#notice').filter({ hasText: 'COMPLETED -> FAILED (ManualReplay)' }).waitFor({ timeout: 10_000 });
    const row = page.locator(`tr.event[data-event-id="${eventId}"]`);
    await row.locator('td.path').filter({ hasText: 'received → enqueued → processed → replayed → processed' }).waitFor({ timeout: 30_000 });
    expect(await row.getAttribute('data-status')).toBe('processed');
  }, 60_000);

  test('replay of an event this pipeline never accepted changes nothing and says why', async () => {
    // Act
    const answer = await page.evaluate(async (header) => {
      const response = await fetch('/api/replay', { method: 'POST', headers: { [header]: '1' }, body: JSON.stringify({ eventId: 'never-sent' }) });
      return { status: response.status, body: await response.json() as { message: string } };
    }, ACTION_HEADER);

    // Assess
    expect(answer.status).toBe(409);
    expect(answer.body.message).toBe('replay never-sent: this local pipeline did not accept that event (or it is older than the last 500); nothing changed or sent');
  });

  test('pause keeps the ingress ACKing while nothing is processed; resume processes the backlog', async () => {
    // Act: pause, then send.
    await page.click('#pause');
    await page.locator('#state[data-paused="true"]').waitFor({ timeout: 10_000 });
    await page.click('#send-sample');
    await page.locator('#notice').filter({ hasText: /enqueued$/ }).waitFor({ timeout: 10_000 });
    const waitingId = (await page.locator('#notice').textContent())!.match(/([0-9a-f]{64})/)![1];
    const waiting = page.locator(`tr.event[data-event-id="${waitingId}"]`);
    await page.locator('#state').filter({ hasText: 'queue backlog 1 waiting' }).waitFor({ timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    // Assess: still only enqueued after a few polls of the paused source.
    expect(await waiting.getAttribute('data-status')).toBe('enqueued');
    await page.screenshot({ path: path.join(ARTIFACTS, 'local-inspector-paused.png') });

    // Act: resume.
    await page.click('#resume');

    // Assess
    await page.locator(`tr.event[data-event-id="${waitingId}"][data-status="processed"]`).waitFor({ timeout: 30_000 });
    expect(await page.locator('#state').getAttribute('data-paused')).toBe('false');
    await page.screenshot({ path: path.join(ARTIFACTS, 'local-inspector-resumed.png') });
  }, 60_000);
});
