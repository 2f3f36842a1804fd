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
    // Prepare // Act
    const errorClass = errorClassOf(error);

    // Assess
    expect(errorClass).toBe(expected);
  });
});

describe('safeErrorClass', () => {
  test.each([
    ['a dotted name', 'Lambda.TooManyRequestsException', 'Lambda.TooManyRequestsException'],
    ['a name longer than 100 characters', 'x'.repeat(101), 'InvokeError'],
    ['a number', 42, 'InvokeError'],
  ])('%s gives %p', (_what, candidate, expected) => {
    // Prepare // Act
    const errorClass = safeErrorClass(candidate, 'InvokeError');

    // Assess
    expect(errorClass).toBe(expected);
  });
});
