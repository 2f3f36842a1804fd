/*
 * `npx projen local --broken-processor N`, in this process: the first N events are completed without
 * their effect (no note on their ticket), then the processor is fixed and the printed replay command,
 * run as printed (its endpoints and window), re-runs exactly those N from the local archive, once.
 * Negative control: the event processed after the fix is in no replay window and keeps its one note;
 * the broken events had no note before the replay.
 */
import { runReplay } from '../../cli/commands/replay';
import { runLocal } from '../../local/main';
import { useTestCredentials } from '../cli/harness';
import { waitUntil } from '../e2e/support/queue-state';

const BROKEN = 2;
const SENT = 3;

/** The printed `VAR=value ... npx ack-fast-webhook replay ARGS` line as its environment and arguments. */
function parseReplayLine(line: string): { env: Record<string, string>; args: string[] } {
  const [envPart, argPart] = line.trim().split(' npx ack-fast-webhook replay ');
  const env = Object.fromEntries(envPart.split(' ').map((pair) => pair.split('=', 2) as [string, string]));
  const args = argPart.split(' ').map((word) => word.replace(/^'(.*)'$/, '$1'));
  return { env, args };
}

describe('local --broken-processor', () => {
  const savedEnv = { ...process.env };
  afterAll(() => { process.env = savedEnv; });

  test('the broken events are replayed once each from the archive by the printed command, and only they', async () => {
    // Prepare
    const out: string[] = [];
    const err: string[] = [];
    let stopLocal = () => undefined as void;
    const stop = new Promise<void>((resolve) => { stopLocal = resolve; });
    const running = runLocal(['--broken-processor', String(BROKEN), '--send', String(SENT), '--sweep-every', '0'],
      { out: (line) => out.push(line), err: (line) => err.push(line) }, stop);
    const processedLines = () => out.filter((line) => / enqueued → processed /.test(line));
    const groupOf = (eventId: string) => /\[group (\S+)\]/.exec(processedLines().find((line) => line.includes(eventId))!)![1];
    const notesOn = (ticket: string) => out.filter((line) => line.startsWith(`fake Richpanel: private note on ticket ${ticket}:`)).length;
    try {
      await waitUntil(() => processedLines().length >= SENT, 90_000, `${SENT} events processed`);
      const broken = out.filter((line) => line.startsWith('processor BUG')).map((line) => /: ([0-9a-f]{64}) answered PROCESSED/.exec(line)![1]);
      const fixedIds = processedLines().map((line) => /^\S+ ([0-9a-f]{64}) /.exec(line)![1]).filter((id) => !broken.includes(id));
      expect(broken).toHaveLength(BROKEN);
      expect(fixedIds).toHaveLength(SENT - BROKEN);
      const brokenTickets = broken.map(groupOf);
      const fixedTicket = groupOf(fixedIds[0]);
      // The bug: completed, yet no note on their tickets; the fixed event got its note.
      expect(brokenTickets.map(notesOn)).toEqual([0, 0]);
      expect(notesOn(fixedTicket)).toBe(1);
      const replayLine = out[out.findIndex((line) => line.startsWith('Replay exactly the broken events')) + 1];
      const { env, args } = parseReplayLine(replayLine);
      useTestCredentials();
      Object.assign(process.env, env);
      const cli = async (extra: string[]) => {
        let stdout = '';
        const code = await runReplay([...args, ...extra], { stdout: (text) => { stdout += text; }, stderr: (text) => { stdout += text; } });
        return { code, stdout };
      };
      // The loopback Firehose writes the archive every second: wait until the window holds both.
      await waitUntil(async () => (await cli(['--dry-run'])).stdout.includes(`dry run: ${BROKEN} event(s) would be sent`), 30_000, 'the archive holds the broken events');

      // Act
      const replay = await cli([]);
      await waitUntil(() => brokenTickets.every((ticket) => notesOn(ticket) === 1), 60_000, 'the broken events ran again');
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // room for a wrong second run or a replay of the fixed event

      // Assess
      process.stdout.write(`[local broken-processor] ${replay.stdout.trim()}\n`);
      expect(replay.code).toBe(0);
      expect(replay.stdout).toMatch(new RegExp(`sent ${BROKEN} of ${BROKEN} event\\(s\\)`));
      expect(args).toEqual(expect.arrayContaining(['--force']));
      expect(args).not.toContain('--event-id');
      expect(brokenTickets.map(notesOn)).toEqual([1, 1]);
      expect(notesOn(fixedTicket)).toBe(1);
      for (const id of broken) expect(processedLines().filter((line) => line.includes(id))).toHaveLength(2);
      for (const id of fixedIds) expect(processedLines().filter((line) => line.includes(id))).toHaveLength(1);
      expect(err).toEqual([]);
    } finally {
      stopLocal();
      expect(await running).toBe(0);
    }
  }, 180_000);

  test('refuses a --broken-processor that is not a whole number, with the usage line and exit 2', async () => {
    const err: string[] = [];
    const code = await runLocal(['--broken-processor', 'some'], { out: () => undefined, err: (line) => err.push(line) }, Promise.resolve());
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/--broken-processor must be a whole number of processor calls, got 'some'[\s\S]*Usage: npx projen local/);
  });
});
