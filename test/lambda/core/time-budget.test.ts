import {
  maxProcessorRunMs, PROCESSOR_INVOKE_SLACK_MS, WORKER_AWS_CALL_BUDGET_MS, WORKER_AWS_CONNECTION_TIMEOUT_MS, WORKER_RECORD_MARGIN_MS,
  WORKER_RECORD_NEED_MS,
} from '../../../src/contract';
import { capVisibilitySeconds, VISIBILITY_CAP_SLACK_SECONDS, WorkerTimeBudget } from '../../../src/runtime/core/time-budget';

describe('WorkerTimeBudget', () => {
  const budget = new WorkerTimeBudget(20_000);

  test('the Invoke is waited for the processor timeout plus the slack', () => {
    expect(budget.invokeTimeoutMs).toBe(20_000 + PROCESSOR_INVOKE_SLACK_MS);
  });

  test.each([
    ['exactly the processor timeout + the need', 20_000 + WORKER_RECORD_NEED_MS, true],
    ['1 ms less', 20_000 + WORKER_RECORD_NEED_MS - 1, false],
    ['a fresh invocation of the smallest workerTimeout the guardrail allows, 400 ms after it began', 20_000 + WORKER_RECORD_MARGIN_MS - 400, true],
  ])('%s: a record may start (%d ms left): %s', (_name, remainingMs, expected) => {
    expect(budget.canStart(remainingMs)).toBe(expected);
  });

  test('the need covers the Invoke\'s connection and slack and three bounded AWS calls (claim, outcome, visibility)', () => {
    expect(WORKER_RECORD_NEED_MS).toBe(WORKER_AWS_CONNECTION_TIMEOUT_MS + PROCESSOR_INVOKE_SLACK_MS + 3 * WORKER_AWS_CALL_BUDGET_MS);
    expect(WORKER_RECORD_MARGIN_MS % 1000).toBe(0);
    expect(WORKER_RECORD_MARGIN_MS - WORKER_RECORD_NEED_MS).toBeGreaterThanOrEqual(500);
  });

  test('a lease lasts the invocation, and never less than a run started under it can last', () => {
    expect(budget.leaseExpiresAt(1_000, 120_000)).toBe(121_000);
    expect(budget.leaseExpiresAt(1_000, 30_000)).toBe(1_000 + maxProcessorRunMs(20_000));
    expect(maxProcessorRunMs(20_000)).toBe(50_000);
  });

  test('an unknown outcome is held until the Invoke can no longer be running', () => {
    expect(budget.holdUntil(5_000)).toBe(5_000 + 2 * 20_000 + 10_000);
  });
});

describe('capVisibilitySeconds', () => {
  const CAP = 43_200 - VISIBILITY_CAP_SLACK_SECONDS;

  test.each([
    ['a short delay is kept, rounded up', 9.2, 0, 10],
    ['12 h asked at the start of the invocation: the cap less the slack', 43_200, 0, CAP],
    ['12 h asked 10 minutes into the invocation: 10 minutes less', 43_200, 600_000, CAP - 600],
    ['a delay that fits though the invocation is old', 30, 3_600_000, 30],
    ['never negative', 10, 43_200_000, 0],
  ])('%s', (_name, seconds, elapsedMs, expected) => {
    expect(capVisibilitySeconds(seconds, 1_000_000, 1_000_000 + elapsedMs)).toBe(expected);
  });
});
