import { isJsonPointer, parseJsonPointer, resolveJsonPointer } from '../../../src/runtime/ingest/json-pointer';

// The example document of RFC 6901 section 5, plus nesting and prototype-shaped keys.
const DOCUMENT = JSON.parse(`{
  "foo": ["bar", "baz"],
  "": 0,
  "a/b": 1,
  "c%d": 2,
  "e^f": 3,
  "g|h": 4,
  "i\\\\j": 5,
  "k\\"l": 6,
  " ": 7,
  "m~n": 8,
  "~1": 9,
  "nested": { "items": [{ "id": "x" }, { "id": 42 }], "nothing": null },
  "__proto__": { "own": true }
}`);

describe('resolveJsonPointer', () => {
  test.each([
    ['', DOCUMENT],
    ['/foo', ['bar', 'baz']],
    ['/foo/0', 'bar'],
    ['/foo/1', 'baz'],
    ['/', 0],
    ['/a~1b', 1],
    ['/c%d', 2],
    ['/e^f', 3],
    ['/g|h', 4],
    ['/i\\j', 5],
    ['/k"l', 6],
    ['/ ', 7],
    ['/m~0n', 8],
    ['/~01', 9],
    ['/nested/items/1/id', 42],
    ['/nested/nothing', null],
    ['/__proto__/own', true],
  ])('%j resolves', (pointer, expected) => {
    // Prepare
    // Act
    const result = resolveJsonPointer(DOCUMENT, pointer);

    // Assess
    expect(result).toEqual({ found: true, value: expected });
  });

  test.each([
    '/missing',
    '/foo/2',
    '/foo/-',
    '/foo/01',
    '/foo/length',
    '/foo/0/x',
    '/nested/nothing/x',
    '/a/b',
    '/constructor',
    '/toString',
    '/hasOwnProperty',
    '/nested/__proto__',
    '/nested/constructor/name',
    '/foo/__proto__',
  ])('%j does not resolve', (pointer) => {
    // Prepare
    // Act
    const result = resolveJsonPointer(DOCUMENT, pointer);

    // Assess
    expect(result).toEqual({ found: false });
  });

  test('__proto__ never reaches Object.prototype on a plain object', () => {
    // Prepare
    const document = { id: 'x' };

    // Act
    const result = resolveJsonPointer(document, '/__proto__');

    // Assess
    expect(result).toEqual({ found: false });
  });

  test('a malformed pointer throws a message that says how to write one', () => {
    // Prepare
    // Act
    const act = () => resolveJsonPointer(DOCUMENT, 'foo');

    // Assess
    expect(act).toThrow(/not an RFC 6901 JSON pointer/);
  });
});

describe('parseJsonPointer / isJsonPointer', () => {
  test.each([
    ['/~01', ['~1']],
    ['/a~1b/c', ['a/b', 'c']],
    ['//', ['', '']],
  ])('%j unescapes to %j', (pointer, tokens) => {
    // Prepare
    // Act
    const parsed = parseJsonPointer(pointer);

    // Assess
    expect(parsed).toEqual(tokens);
  });

  test.each([
    ['', true], ['/a', true], ['a', false], ['/a~2', false], ['/a~', false], ['#/a', false],
  ])('%j valid: %s', (pointer, valid) => {
    // Prepare
    // Act
    const result = isJsonPointer(pointer);

    // Assess
    expect(result).toBe(valid);
  });
});
