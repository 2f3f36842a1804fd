import { LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaEventProcessor } from '../../../lambda/aws/lambda-processor';
import { ProcessorRequestPayload } from '../../../src/private/runtime-contract';
import { TEST_AWS } from '../../support/emulators';
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
