import { emptySamples } from '../../bench/rows';
import {
  addedArchiveMsPerEvent, archiveCostText, archiveUsdPerMillion, gbSecondsPerEvent, msPerEvent, withArchive, workerModeRows,
} from '../../bench/worker-modes';
import type { WorkerRun } from '../../bench/worker-throughput';
import { WORKER_CONFIG_ENV } from '../../src/contract';

const run = (eventsPerSecond: number, cpuMsPerEvent = 1): WorkerRun => ({ eventsPerSecond, cpuMsPerEvent, meanBatchSize: 10, awsCallsPerEvent: 2 });

describe('bench worker modes', () => {
  test('GB-s per event is the wall time per event times the memory', () => {
    // Act
    const at256 = gbSecondsPerEvent(run(200), 256);
    const at1024 = gbSecondsPerEvent(run(200), 1024);

    // Assess: 5 ms per event; 0.005 s × 0.25 GB and × 1 GB
    expect(msPerEvent(run(200))).toBe(5);
    expect(at256).toBeCloseTo(0.00125, 10);
    expect(at1024).toBeCloseTo(0.005, 10);
  });

  test('the archive\'s added time pairs runs by index and ignores unpaired runs', () => {
    // Act
    const added = addedArchiveMsPerEvent([run(200), run(100)], [run(100), run(50), run(10)]);

    // Assess: 10 - 5 and 20 - 10
    expect(added).toEqual([5, 10]);
  });

  test('withArchive names the delivery stream in the worker configuration and points Firehose at the fake', () => {
    // Arrange
    const variables = { [WORKER_CONFIG_ENV]: JSON.stringify({ tableName: 't', queueUrl: 'q' }), OTHER: 'kept' };

    // Act
    const archived = withArchive(variables, { deliveryStreamName: 'bench-archive-stream' }, 'http://127.0.0.1:4000');

    // Assess
    expect(JSON.parse(archived[WORKER_CONFIG_ENV])).toEqual({
      tableName: 't', queueUrl: 'q', archive: { deliveryStreamName: 'bench-archive-stream', pipelineName: 'bench' },
    });
    expect(archived.AWS_ENDPOINT_URL_FIREHOSE).toBe('http://127.0.0.1:4000');
    expect(archived.OTHER).toBe('kept');
    expect(JSON.parse(variables[WORKER_CONFIG_ENV]).archive).toBeUndefined();
  });

  test('the archive cost sums only the archive lines of the model', () => {
    // Arrange
    const line = (component: string, variableUsd: number) => ({ component, fixedUsd: 1, variableUsd, basis: '' });
    const side = { lines: { HTTP: [line('SQS FIFO', 1.5), line('Firehose (archive)', 0.14), line('S3 (archive)', 0.06)], REST: [] } };
    const cost = { sides: { ours: side } } as never;

    // Act / Assess
    expect(archiveUsdPerMillion(cost)).toBeCloseTo(0.2, 10);
    expect(archiveUsdPerMillion(undefined)).toBeUndefined();
    expect(archiveCostText(0.2, 0.004)).toBe('$0.20 model lines + $0.004 added worker GB-s');
    expect(archiveCostText(0.2, -0.001)).toBe('$0.20 model lines -$0.001 added worker GB-s');
    expect(archiveCostText(undefined, 0.004)).toBe('not measured');
  });

  test('the in-process GB-s row judges the 0.5× target against the baseline worker, and is unjudged when not measured', () => {
    // Arrange
    const samples = emptySamples();
    samples.worker.baseline.push(run(100));
    samples.worker.ours.push(run(150));

    // Act
    const notMeasured = workerModeRows(samples)[0];
    samples.workerModes.inProcess.push(run(250));
    const met = workerModeRows(samples)[0];
    samples.workerModes.inProcess.splice(0, 1, run(150));
    const missed = workerModeRows(samples)[0];

    // Assess
    expect(notMeasured.met).toBeUndefined();
    expect(met).toMatchObject({ target: '≤ 0.5×', met: true });
    expect(met.ratio).toBeCloseTo(0.4, 10);
    expect(missed.met).toBe(false);
  });
});
