import { LambdaClient, LambdaClientConfig } from '@aws-sdk/client-lambda';
import { invokeClientConfig, invokeFailureOutcome, LambdaEventProcessor } from '../../../lambda/aws/lambda-processor';
import { ProcessorRequestPayload } from '../../../src/contract';
import { TEST_AWS } from '../../support/emulators';
import { FaultProxy, startFaultProxy } from '../../support/fault-proxy';
import { FakeAnswer, LambdaInvokeFake, startLambdaInvokeFake } from '../../support/lambda-invoke-fake';

const request: ProcessorRequestPayload = {
  eventId: 'evt-1',
  messageGroupId: 'ticket-9',
  attempt: 2,
  receivedAt: '2026-11-24T10:00:00.000Z',
  payload: { ticket: { id: 9 } },
};

describe('LambdaEventProcessor through the real Lambda client', () => {
  let fake: LambdaInvokeFake;
  let next: FakeAnswer;
  let processor: LambdaEventProcessor;

  beforeAll(async () => {
    fake = await startLambdaInvokeFake(() => next);
    processor = new LambdaEventProcessor(new LambdaClient({ ...TEST_AWS, endpoint: fake.endpoint, maxAttempts: 1 }), 'my-processor');
  });
  afterAll(async () => {
    await fake?.stop();
  });
  beforeEach(() => {
    fake.invocations.length = 0;
  });

  test('invokes the function synchronously with the request as JSON', async () => {
    // Prepare
    next = { payload: 'null' };

    // Act
    const outcome = await processor.process(request);

    // Assess
    expect(outcome).toEqual({ kind: 'PROCESSED' });
    expect(fake.invocations).toHaveLength(1);
    expect(fake.invocations[0].functionName).toBe('my-processor');
    expect(fake.invocations[0].invocationType).toBe('RequestResponse');
    expect(JSON.parse(fake.invocations[0].payload)).toEqual(request);
  });

  test('RETRY_LATER comes back with its delay', async () => {
    // Prepare
    next = { payload: '{"outcome":"RETRY_LATER","retryAfterSeconds":30}' };

    // Act
    const outcome = await processor.process(request);

    // Assess
    expect(outcome).toEqual({ kind: 'RETRY_LATER', retryAfterSeconds: 30 });
  });

  test('a function error becomes a failure named by its errorType', async () => {
    // Prepare
    next = { functionError: 'Unhandled', payload: '{"errorType":"RangeError","errorMessage":"quoted payload"}' };

    // Act
    const outcome = await processor.process(request);

    // Assess
    expect(outcome).toEqual({ kind: 'FAILED', errorClass: 'RangeError' });
  });

  test('an empty response payload is PROCESSED', async () => {
    // Prepare
    next = { payload: '' };

    // Act
    const outcome = await processor.process(request);

    // Assess
    expect(outcome).toEqual({ kind: 'PROCESSED' });
  });

  test('an invalid response is a failure', async () => {
    // Prepare
    next = { payload: '{"outcome":"MAYBE"}' };

    // Act
    const outcome = await processor.process(request);

    // Assess
    expect(outcome).toEqual({ kind: 'FAILED', errorClass: 'InvalidProcessorResponse' });
  });
});

describe('at most one processor run per claim: the Invoke client under transport faults', () => {
  let fake: LambdaInvokeFake;
  let proxy: FaultProxy;
  const processorWith = (config: LambdaClientConfig) => new LambdaEventProcessor(
    new LambdaClient({ ...config, ...TEST_AWS, endpoint: proxy.endpoint }), 'my-processor');

  beforeAll(async () => {
    fake = await startLambdaInvokeFake(() => ({ payload: 'null' }));
    proxy = await startFaultProxy(fake.endpoint);
  });
  afterAll(async () => {
    await proxy?.stop();
    await fake?.stop();
  });
  beforeEach(() => {
    fake.invocations.length = 0;
  });

  test.each([
    ['the connection is reset after Lambda ran it', 'reset-after-forward'],
    ['Lambda answers 500 after running it', 'error-after-forward'],
  ] as const)('%s: UNKNOWN, and the function ran once (no SDK retry)', async (_name, kind) => {
    // Prepare
    proxy.addRule({ operation: 'Invoke', action: { kind } });

    // Act
    const outcome = await processorWith(invokeClientConfig(2_000)).process(request);

    // Assess
    expect(outcome.kind).toBe('UNKNOWN');
    expect(fake.invocations).toHaveLength(1);
  });

  test('negative control: with the SDK\'s default retries the same fault runs the function twice', async () => {
    // Prepare
    proxy.addRule({ operation: 'Invoke', action: { kind: 'reset-after-forward' } });

    // Act
    const outcome = await processorWith({ ...invokeClientConfig(2_000), maxAttempts: 3 }).process(request);

    // Assess
    expect(outcome).toEqual({ kind: 'PROCESSED' });
    expect(fake.invocations).toHaveLength(2);
  });

  test('an answer that never comes ends as UNKNOWN TimeoutError once the Invoke timeout passes', async () => {
    // Prepare
    proxy.addRule({ operation: 'Invoke', action: { kind: 'drop-response' } });
    const started = Date.now();

    // Act
    const outcome = await processorWith(invokeClientConfig(300)).process(request);

    // Assess
    expect(outcome).toEqual({ kind: 'UNKNOWN', errorClass: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(fake.invocations).toHaveLength(1);
  });
});

describe('invokeFailureOutcome', () => {
  const serviceError = (name: string, httpStatusCode?: number) => Object.assign(new Error('x'), { name, $metadata: { httpStatusCode } });

  test.each([
    ['throttled (429): Lambda did not run it', serviceError('TooManyRequestsException', 429), { kind: 'FAILED', errorClass: 'TooManyRequestsException' }],
    ['not found (404)', serviceError('ResourceNotFoundException', 404), { kind: 'FAILED', errorClass: 'ResourceNotFoundException' }],
    ['a 5xx may come after the run', serviceError('ServiceException', 500), { kind: 'UNKNOWN', errorClass: 'ServiceException' }],
    ['no answer at all', serviceError('TimeoutError'), { kind: 'UNKNOWN', errorClass: 'TimeoutError' }],
    ['not an Error', 'boom', { kind: 'UNKNOWN', errorClass: 'InvokeError' }],
  ])('%s', (_name, error, expected) => {
    expect(invokeFailureOutcome(error)).toEqual(expected);
  });
});
