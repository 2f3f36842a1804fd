/*
 * The in-process worker the bench measures: createWorker (lib/runtime) with a `process` that
 * does nothing, as the bench's processor Lambda answers at once. The event ids it processed are
 * written to BENCH_PROCESSED_LOG when the probe process exits (not during the timed batches), so
 * the driver can check exactly once per event as it does with the processor fake's invocations.
 */
import { writeFileSync } from 'node:fs';
import { createWorker } from '../../src/runtime';

const processed: string[] = [];
const logFile = process.env.BENCH_PROCESSED_LOG;
if (!logFile) throw new Error('in-process bench worker: BENCH_PROCESSED_LOG is not set');
process.on('exit', () => writeFileSync(logFile, JSON.stringify(processed)));

export const handler = createWorker({
  process: (event) => {
    processed.push(event.eventId);
  },
});
