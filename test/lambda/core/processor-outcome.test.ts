import { interpretProcessorResponse, ProcessorOutcome } from '../../../src/runtime/core/processor-outcome';

describe('interpretProcessorResponse', () => {
  const cases: Array<[string, string | undefined, string, ProcessorOutcome]> = [
    ['empty payload', undefined, '', { kind: 'PROCESSED' }],
    ['null', undefined, 'null', { kind: 'PROCESSED' }],
    ['empty object', undefined, '{}', { kind: 'PROCESSED' }],
    ['explicit PROCESSED', undefined, '{"outcome":"PROCESSED"}', { kind: 'PROCESSED' }],
    ['RETRY_LATER', undefined, '{"outcome":"RETRY_LATER","retryAfterSeconds":12}', { kind: 'RETRY_LATER', retryAfterSeconds: 12 }],
    ['RETRY_LATER, fractional rounds up', undefined, '{"outcome":"RETRY_LATER","retryAfterSeconds":1.2}', { kind: 'RETRY_LATER', retryAfterSeconds: 2 }],
    ['RETRY_LATER, negative clamps to 0', undefined, '{"outcome":"RETRY_LATER","retryAfterSeconds":-5}', { kind: 'RETRY_LATER', retryAfterSeconds: 0 }],
    ['RETRY_LATER, clamps to 12 h', undefined, '{"outcome":"RETRY_LATER","retryAfterSeconds":999999}', { kind: 'RETRY_LATER', retryAfterSeconds: 43_200 }],
    ['RETRY_LATER without delay', undefined, '{"outcome":"RETRY_LATER"}', { kind: 'FAILED', errorClass: 'InvalidProcessorResponse' }],
    ['unknown outcome', undefined, '{"outcome":"DONE"}', { kind: 'FAILED', errorClass: 'InvalidProcessorResponse' }],
    ['not JSON', undefined, 'ok!', { kind: 'FAILED', errorClass: 'InvalidProcessorResponse' }],
    ['a bare string', undefined, '"PROCESSED"', { kind: 'FAILED', errorClass: 'InvalidProcessorResponse' }],
    ['function error with errorType', 'Unhandled', '{"errorType":"TypeError","errorMessage":"secret stuff"}', { kind: 'FAILED', errorClass: 'TypeError' }],
    ['function error without payload', 'Unhandled', '', { kind: 'FAILED', errorClass: 'ProcessorError' }],
    ['function error, errorType is not a name', 'Handled', '{"errorType":"card 4111 1111 declined"}', { kind: 'FAILED', errorClass: 'ProcessorError' }],
  ];

  test.each(cases)('%s', (_name, functionError, payload, expected) => {
    // Prepare // Act
    const outcome = interpretProcessorResponse(functionError, payload);

    // Assess
    expect(outcome).toEqual(expected);
  });
});
