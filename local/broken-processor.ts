/*
 * `npx projen local --broken-processor N`: a processor bug on purpose, to rehearse "we shipped a
 * bug" locally. The first N processor calls answer PROCESSED without running the example app's
 * processor (no note is posted: the event is completed, its effect is missing), each printed as a
 * BUG line. Then the processor is "fixed" (every later call runs it), and the line printed at the
 * fix names the replay window [first, last + 1 ms) of the broken events' receive times, so a replay
 * from the archive re-runs exactly those.
 */
import { ProcessorRequestPayload } from '../src/contract';

export type ProcessorHandler = (request: ProcessorRequestPayload) => Promise<unknown>;

/** The broken events seen so far and the replay window that holds exactly them. */
export interface BrokenWindow {
  readonly eventIds: readonly string[];
  /** Epoch ms of the first broken event's receive time (the replay's --from). */
  readonly fromMs: number;
  /** One ms past the last broken event's receive time (the replay's exclusive --to). */
  readonly toMs: number;
  /** Events run by the fixed processor whose receive time falls inside the window: a replay of the window re-runs them too. */
  readonly fixedInside: readonly string[];
}

export interface BrokenProcessor {
  readonly handler: ProcessorHandler;
  /** The broken events' window, once the N broken calls happened; undefined before. */
  window(): BrokenWindow | undefined;
}

/**
 * Wraps `processor`: its first `brokenCalls` calls complete without it; `onFixed` gets the window
 * once the last broken call answered. `print` gets one line per broken call.
 */
export function breakProcessor(
  processor: ProcessorHandler, brokenCalls: number, print: (line: string) => void, onFixed: (window: BrokenWindow) => void,
): BrokenProcessor {
  const broken: { eventId: string; receivedMs: number }[] = [];
  const fixed: { eventId: string; receivedMs: number }[] = [];
  const windowOf = (): BrokenWindow | undefined => {
    if (broken.length < brokenCalls || brokenCalls === 0) return undefined;
    const times = broken.map((event) => event.receivedMs);
    const fromMs = Math.min(...times);
    const toMs = Math.max(...times) + 1;
    return {
      eventIds: broken.map((event) => event.eventId),
      fromMs,
      toMs,
      fixedInside: fixed.filter((event) => event.receivedMs >= fromMs && event.receivedMs < toMs).map((event) => event.eventId),
    };
  };
  const handler: ProcessorHandler = async (request) => {
    const receivedMs = Date.parse(request.receivedAt);
    if (broken.length >= brokenCalls) {
      fixed.push({ eventId: request.eventId, receivedMs });
      return processor(request);
    }
    broken.push({ eventId: request.eventId, receivedMs });
    print(`processor BUG (${broken.length}/${brokenCalls}): ${request.eventId} answered PROCESSED without running the processor (no effect)`);
    if (broken.length === brokenCalls) onFixed(windowOf()!);
    return { outcome: 'PROCESSED' };
  };
  return { handler, window: windowOf };
}

/** `--broken-processor N`: a whole number of calls, 0 when absent; undefined when not a whole number. */
export function brokenCallsOf(text: string | undefined): number | undefined {
  const calls = text === undefined ? 0 : Number(text);
  return Number.isInteger(calls) && calls >= 0 ? calls : undefined;
}
