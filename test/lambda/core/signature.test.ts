import { bytesEqual, decodeSignature } from '../../../lambda/core/signature';

describe('decodeSignature', () => {
  test.each([
    ['', 'hex', undefined],
    ['abc', 'hex', undefined],
    ['abcg', 'hex', undefined],
    ['ab', 'hex', Buffer.from([0xab])],
    ['YWJj', 'base64', Buffer.from('abc')],
    ['YWI=', 'base64', Buffer.from('ab')],
    ['YWI', 'base64', undefined],
    ['YW*=', 'base64', undefined],
    ['YWJ=', 'base64', undefined], // non-canonical: decodes to 'ab' like 'YWI='
    ['YQ==', 'base64', Buffer.from('a')],
    ['YR==', 'base64', undefined], // non-canonical: decodes to 'a' like 'YQ=='
  ] as const)('%j as %s', (text, encoding, expected) => {
    // Prepare
    // Act
    const decoded = decodeSignature(text, encoding);

    // Assess
    expect(decoded).toEqual(expected);
  });
});

describe('bytesEqual', () => {
  test.each([
    ['equal', Buffer.from('abc'), Buffer.from('abc'), true],
    ['one byte differs', Buffer.from('abc'), Buffer.from('abd'), false],
    ['shorter', Buffer.from('abc'), Buffer.from('ab'), false],
    ['longer', Buffer.from('abc'), Buffer.from('abcd'), false],
    ['empty presented', Buffer.from('abc'), Buffer.alloc(0), false],
  ])('%s', (_name, expected, presented, equal) => {
    // Prepare
    // Act
    const result = bytesEqual(expected, presented);

    // Assess
    expect(result).toBe(equal);
  });
});
