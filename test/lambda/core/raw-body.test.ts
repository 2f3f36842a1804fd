import { decodeRawBody, isObviouslyLargerThan } from '../../../lambda/core/raw-body';

describe('decodeRawBody', () => {
  test.each([
    ['base64', { body: Buffer.from([0x00, 0xff, 0x7b]).toString('base64'), isBase64Encoded: true }, Buffer.from([0x00, 0xff, 0x7b])],
    ['utf-8 text', { body: '{"a":"é"}', isBase64Encoded: false }, Buffer.from('{"a":"é"}', 'utf8')],
    ['a missing body', { body: null, isBase64Encoded: true }, Buffer.alloc(0)],
  ])('decodes %s to the exact bytes', (_name, source, expected) => {
    // Prepare
    // Act
    const bytes = decodeRawBody(source);

    // Assess
    expect(bytes.equals(expected)).toBe(true);
  });
});

describe('isObviouslyLargerThan', () => {
  test.each([
    // 999 bytes encode to 1332 base64 characters; 1002 bytes to 1336; 1003 to 1340.
    ['999 bytes, base64', Buffer.alloc(999).toString('base64'), true, false],
    ['1002 bytes, base64 (decoded check decides)', Buffer.alloc(1002).toString('base64'), true, false],
    ['1003 bytes, base64', Buffer.alloc(1003).toString('base64'), true, true],
    ['1000 characters of text', 'x'.repeat(1000), false, false],
    ['1001 characters of text', 'x'.repeat(1001), false, true],
  ])('%s', (_name, body, isBase64Encoded, expected) => {
    // Prepare
    const source = { body, isBase64Encoded };

    // Act
    const result = isObviouslyLargerThan(source, 1000);

    // Assess
    expect(result).toBe(expected);
  });
});
