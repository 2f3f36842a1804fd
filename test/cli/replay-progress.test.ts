/*
 * A replay run's progress (cli/replay/replay-progress.ts): a resume sends exactly what the run had
 * not sent, wherever it was interrupted, and its token stays small whatever the run's size.
 */
import { gzipSync } from 'node:zlib';
import { compareGroupNames, NO_PROGRESS, ProgressTracker, ReplayProgress, unsentEvents } from '../../cli/replay/replay-progress';
import { encodeResumeToken } from '../../cli/replay/resume-token';

interface Event { readonly record: { readonly eventId: string; readonly receivedAt: number } }

/** `groups` groups of `perGroup` events; every third event shares its receive time with the one before. */
function selection(groups: number, perGroup: number): Map<string, Event[]> {
  const byGroup = new Map<string, Event[]>();
  for (let g = 0; g < groups; g++) {
    const events: Event[] = [];
    for (let n = 0; n < perGroup; n++) events.push({ record: { eventId: `g${g}-e${n}`, receivedAt: 1_000 + n - (n % 3 === 2 ? 1 : 0) } });
    byGroup.set(`ticket-${g}`, events);
  }
  return byGroup;
}

/** Runs the tracker as sendReplayRun does (groups in name order, `lanes` of them in flight, sends interleaved) and stops after `stopAfter` sends. */
function interruptedRun(groups: Map<string, Event[]>, lanes: number, stopAfter: number, resumeFrom: ReplayProgress = NO_PROGRESS) {
  const tracker = new ProgressTracker(resumeFrom);
  const queue = [...groups.entries()].sort(([a], [b]) => compareGroupNames(a, b))
    .map(([group, events]) => ({ group, events: unsentEvents(group, events, resumeFrom) })).filter(({ events }) => events.length > 0);
  const sent: string[] = [];
  const inFlight: Array<{ group: string; events: Event[] }> = [];
  let turn = 0;
  while (sent.length < stopAfter && (queue.length > 0 || inFlight.length > 0)) {
    while (inFlight.length < lanes && queue.length > 0) {
      const next = queue.shift()!;
      tracker.started(next.group);
      inFlight.push({ group: next.group, events: [...next.events] });
    }
    // Lanes take turns unevenly, as sends finish in any order.
    const lane = inFlight[(turn++ * 7) % inFlight.length];
    const event = lane.events.shift()!;
    tracker.sentOne(lane.group, event.record);
    sent.push(event.record.eventId);
    if (lane.events.length === 0) {
      tracker.finished(lane.group);
      inFlight.splice(inFlight.indexOf(lane), 1);
    }
  }
  return { progress: tracker.snapshot(), sent };
}

describe('replay progress', () => {
  test.each([0, 1, 7, 40, 119, 120])('interrupted after %d of 120 sends, the resume sends exactly the rest', (stopAfter) => {
    // Prepare
    const groups = selection(12, 10);

    // Act
    const first = interruptedRun(groups, 4, stopAfter);
    const resumed = interruptedRun(groups, 4, Number.POSITIVE_INFINITY, first.progress);

    // Assess
    expect(first.sent).toHaveLength(stopAfter);
    expect([...first.sent, ...resumed.sent].sort()).toEqual([...groups.values()].flat().map((e) => e.record.eventId).sort());
    expect(resumed.progress.sentCount).toBe(120);
    expect(resumed.progress.open).toEqual({});
  });

  test('a group started but not sent from is sent whole; a finished one not at all; a later one whole', () => {
    // Prepare
    const events = selection(1, 3).get('ticket-0')!;
    const progress: ReplayProgress = { through: 'm', open: { b: { sentIds: [] }, c: { receivedAt: 1_000, sentIds: ['g0-e0'] } }, sentCount: 9 };

    // Act
    const [started, finished, partial, later] = ['b', 'a', 'c', 'z'].map((group) => unsentEvents(group, events, progress).map((e) => e.record.eventId));

    // Assess
    expect(started).toEqual(['g0-e0', 'g0-e1', 'g0-e2']);
    expect(finished).toEqual([]);
    // g0-e1 has receive time 1001 and g0-e2 1001 too (the shared time): both are after the cursor.
    expect(partial).toEqual(['g0-e1', 'g0-e2']);
    expect(later).toEqual(['g0-e0', 'g0-e1', 'g0-e2']);
  });

  test('the token of a 100,000-event run interrupted halfway is a few hundred bytes, not one id per event sent', () => {
    // Prepare
    const groups = selection(5_000, 20);

    // Act
    const { progress, sent } = interruptedRun(groups, 20, 50_000);
    const token = encodeResumeToken({ v: 2, runId: '20261203T120000-abcdef', requestedAt: 1, fromMs: 0, toMs: 1, status: 'any', progress });
    // What a list of every event sent would take (the earlier token): Linux refuses one argument over 128 KiB.
    const idList = gzipSync(Buffer.from(JSON.stringify(sent))).toString('base64url');

    // Assess
    process.stdout.write(`resume token after 50,000 of 100,000 sends: ${token.length} characters (a list of the ids sent: ${idList.length})\n`);
    expect(Object.keys(progress.open).length).toBeLessThanOrEqual(20);
    expect(token.length).toBeLessThan(2_048);
    expect(idList.length).toBeGreaterThan(128 * 1024);
  });
});
