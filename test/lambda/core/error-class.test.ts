import { errorClassOf, safeErrorClass } from '../../../src/runtime/core/error-class';

class QueueDoesNotExist extends Error {
  public override readonly name = 'QueueDoesNotExist';
}

describe('errorClassOf', () => {
  test.each([
    ['a TypeError', new TypeError('boom'), 'TypeError'],
    ['an SDK-style named error', new QueueDoesNotExist('https://sqs.../queue'), 'QueueDoesNotExist'],
    ['an error whose name quotes data', Object.assign(new Error('x'), { name: 'card 4242 declined' }), 'Error'],
    ['a thrown string', 'boom', 'Error'],
    ['a thrown object', { name: 'NotAnError' }, 'Error'],
    ['undefined', undefined, 'Error'],
  ])('%s is classed as %p', (_what, error, expected) => {
    expect(errorClassOf(error)).toBe(expected);
  });
});

describe('safeErrorClass', () => {
  test('keeps a name-like candidate and falls back for anything else', () => {
    expect(safeErrorClass('Lambda.TooManyRequestsException', 'InvokeError')).toBe('Lambda.TooManyRequestsException');
    expect(safeErrorClass('x'.repeat(101), 'InvokeError')).toBe('InvokeError');
    expect(safeErrorClass(42, 'InvokeError')).toBe('InvokeError');
  });
});
