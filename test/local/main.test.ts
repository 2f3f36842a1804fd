/*
 * `npx projen local` itself: the smoke run in this process (example app's dev stack, its processor
 * and fakes), and the real command in a child process stopped with SIGINT.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { runLocal } from '../../local/main';

const ROOT = path.join(__dirname, '..', '..');

describe('local main', () => {
  test.each([
    ['in-process', [], /^processor mode: in-process /],
    ['lambda', ['--processor-mode', 'lambda'], /^processor mode: lambda /],
  ])('--smoke (%s processor mode) sends a signed sample through the example app, lets the sweep recover a push that never arrived, and exits 0 once both are processed', async (_mode, modeArgs, modeLine) => {
    // Prepare
    const out: string[] = [];
    const err: string[] = [];

    // Act
    const code = await runLocal(['--smoke', ...modeArgs], { out: (line) => out.push(line), err: (line) => err.push(line) }, new Promise(() => undefined));

    // Assess
    process.stdout.write(`[local smoke] ${out.find((line) => line.startsWith('smoke:'))}\n`);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toEqual(expect.arrayContaining([
      expect.stringMatching(modeLine),
      expect.stringMatching(/^ {2}webhook URL {3}POST http:\/\/127\.0\.0\.1:\d+\/v1\/richpanel$/),
      expect.stringMatching(/^ {2}curl -sS -i -X POST 'http:\/\/127\.0\.0\.1:\d+\/v1\/richpanel' .*-H 'x-richpanel-webhook-token: local-[0-9a-f]+'/),
      expect.stringMatching(/npx ack-fast-webhook status <eventId> --table rp-mw-dev-state --key-prefix 'event#rpmwdev-Webhooks-[0-9A-F]{8}#' --endpoint-url http:\/\/127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^smoke: [0-9a-f]{64}: enqueued → processed$/),
      // A push that never arrived, found by the reconciliation sweep over the fake's GET /tickets.
      expect.stringMatching(/^sweep: completed: 1 candidates, 1 recovered, 0 already received, 0 filtered, 0 errors \(1 page of GET \/tickets\)$/),
      expect.stringMatching(/^smoke: sweep recovered [0-9a-f]{64}: processed$/),
    ]));
    expect(out.some((line) => / received → enqueued \(200, ack \d+ ms\)$/.test(line))).toBe(true);
  }, 120_000);

  test('refuses an unknown processor mode with the usage line and exit 2', async () => {
    const err: string[] = [];
    const code = await runLocal(['--processor-mode', 'both'], { out: () => undefined, err: (line) => err.push(line) }, Promise.resolve());
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/--processor-mode must be one of in-process, lambda, got 'both'[\s\S]*Usage: npx projen local/);
  });

  test('refuses unknown options with the usage line and exit 2', async () => {
    // Prepare
    const err: string[] = [];

    // Act
    const code = await runLocal(['--nope'], { out: () => undefined, err: (line) => err.push(line) }, Promise.resolve());

    // Assess
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/Unknown option '--nope'[\s\S]*Usage: npx projen local/);
  });

  test('Ctrl-C (SIGINT) stops the event source and the emulators and exits 0', async () => {
    // Prepare
    const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', '-P', 'tsconfig.dev.json', 'local/main.ts', '--send', '1'], {
      cwd: ROOT, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    // Act: wait until it is up and the sample went through, then Ctrl-C.
    for (let i = 0; i < 1200 && !/enqueued → processed/.test(output) && child.exitCode === null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGINT');
    const code = await exited;

    // Assess
    expect(output).toMatch(/Ready\. Each event's path is printed below; Ctrl-C stops\./);
    expect(output).toMatch(/enqueued → processed/);
    expect(output).toMatch(/Stopping: the event source drains/);
    expect(code).toBe(0);
  }, 150_000);
});
