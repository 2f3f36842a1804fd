import { parseJson } from '../../../src/runtime/core/parse-json';

describe('parseJson', () => {
  test.each([
    ['an object', '{"a":[1,2]}', { a: [1, 2] }],
    ['null', 'null', null],
    ['a string', '"text"', 'text'],
  ])('%s parses to its value', (_what, text, value) => {
    // Prepare // Act
    const parsed = parseJson(text);

    // Assess
    expect(parsed).toEqual({ ok: true, value });
  });

  test.each(['', '{', '{"a":1,}', 'undefined', '\'single\''])('%p is not JSON', (text) => {
    // Prepare // Act
    const parsed = parseJson(text);

    // Assess
    expect(parsed).toEqual({ ok: false });
  });
});
