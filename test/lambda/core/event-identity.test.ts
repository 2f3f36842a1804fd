import { createHash } from 'node:crypto';
import { deriveEventIdentity, EventIdentityConfig, headerValue, sqsIdProblem } from '../../../src/runtime/ingest/event-identity';

function source(payload: unknown, headers: Record<string, string | undefined> = {}) {
  const text = JSON.stringify(payload);
  return { headers, rawBody: Buffer.from(text, 'utf8'), payload };
}

const sha256Hex = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

const FULL: EventIdentityConfig = {
  eventIdHeaders: ['x-event-id'],
  eventIdJsonPointer: '/id',
  messageGroupIdJsonPointer: '/conversation/id',
};

describe('deriveEventIdentity', () => {
  test('the header wins over the body pointer', () => {
    // Prepare
    const request = source({ id: 'from-body', conversation: { id: 'conv-1' } }, { 'x-event-id': 'from-header' });

    // Act
    const identity = deriveEventIdentity(request, FULL);

    // Assess
    expect(identity).toEqual({ ok: true, eventId: 'from-header', messageGroupId: 'conv-1', eventIdSource: 'header' });
  });

  test.each([
    ['the first configured header wins', { 'x-shopify-webhook-id': 'old', 'shopify-webhook-id': 'new' }, 'old'],
    ['the second is used when the first is absent', { 'shopify-webhook-id': 'new' }, 'new'],
    ['a blank first header is skipped', { 'x-shopify-webhook-id': '  ', 'shopify-webhook-id': 'new' }, 'new'],
  ])('eventIdHeaders in order: %s', (_name, headers, expected) => {
    // Prepare
    const request = source({ id: 'from-body' }, headers);

    // Act
    const identity = deriveEventIdentity(request, { eventIdHeaders: ['x-shopify-webhook-id', 'shopify-webhook-id'], eventIdJsonPointer: '/id' });

    // Assess
    expect(identity).toMatchObject({ ok: true, eventId: expected, eventIdSource: 'header' });
  });

  test('the header is looked up case-insensitively', () => {
    // Prepare
    const request = source({ id: 'from-body' }, { 'X-Event-ID': 'from-header' });

    // Act
    const identity = deriveEventIdentity(request, FULL);

    // Assess
    expect(identity).toMatchObject({ ok: true, eventId: 'from-header', eventIdSource: 'header' });
  });

  test.each([
    ['a string', { id: 'evt_123' }, 'evt_123'],
    ['a safe integer', { id: 42 }, '42'],
    ['a negative integer', { id: -7 }, '-7'],
  ])('without the header, the body pointer gives %s', (_name, payload, expected) => {
    // Prepare
    const request = source(payload);

    // Act
    const identity = deriveEventIdentity(request, FULL);

    // Assess
    expect(identity).toMatchObject({ ok: true, eventId: expected, eventIdSource: 'jsonPointer' });
  });

  test.each([
    ['no pointer configured', {}, { id: 'ignored' }],
    ['pointer does not resolve', { eventIdJsonPointer: '/id' }, { other: 1 }],
    ['header configured but empty', { eventIdHeaders: ['x-event-id'] }, { id: 'ignored' }],
  ])('falls back to the SHA-256 of the raw body: %s', (_name, config: EventIdentityConfig, payload) => {
    // Prepare
    const request = source(payload, { 'x-event-id': '' });

    // Act
    const first = deriveEventIdentity(request, config);
    const again = deriveEventIdentity(source(payload, { 'x-event-id': '' }), config);

    // Assess
    const expected = sha256Hex(JSON.stringify(payload));
    expect(first).toEqual({ ok: true, eventId: expected, messageGroupId: expected, eventIdSource: 'bodyHash' });
    expect(again).toEqual(first);
  });

  test('different bodies hash to different event ids', () => {
    // Prepare
    const a = source({ n: 1 });
    const b = source({ n: 2 });

    // Act
    const first = deriveEventIdentity(a, {});
    const second = deriveEventIdentity(b, {});

    // Assess
    expect(first.ok && second.ok && first.eventId !== second.eventId).toBe(true);
  });

  test.each([
    ['an empty string', '', 'is empty or blank'],
    ['whitespace only', ' \t ', 'is empty or blank'],
    ['null', null, 'is null, not a string or an integer'],
    ['an object', { nested: 1 }, 'is an object, not a string or an integer'],
    ['an array', ['a'], 'is an array, not a string or an integer'],
    ['a boolean', true, 'is a boolean, not a string or an integer'],
    ['a fraction', 1.5, 'is a number that is not an integer below 2^53 (send it as a JSON string to keep every digit)'],
    ['2^53', 2 ** 53, 'is a number that is not an integer below 2^53 (send it as a JSON string to keep every digit)'],
  ])('an event id pointer that resolves to %s is a 400 naming the pointer, never a silent fallback', (_name, value, problem) => {
    // Prepare
    const request = source({ id: value, conversation: { id: 'c' } });

    // Act
    const identity = deriveEventIdentity(request, FULL);

    // Assess
    expect(identity).toEqual({ ok: false, reason: 'invalid_event_id', message: `The value at /id ${problem}` });
  });

  test.each([
    ['an empty string', ''],
    ['whitespace only', '   '],
    ['null', null],
    ['a number beyond 2^53', 12345678901234567890],
  ])('a message group pointer that resolves to %s is a 400 naming the pointer (it never falls back to the event id)', (_name, value) => {
    // Prepare
    const request = source({ id: 'evt_1', conversation: { id: value } });

    // Act
    const identity = deriveEventIdentity(request, FULL);

    // Assess
    expect(identity).toMatchObject({ ok: false, reason: 'invalid_message_group_id', message: expect.stringMatching(/^The value at \/conversation\/id /) });
  });

  test('ids are the exact text: a string keeps leading zeros, a safe integer is its decimal form', () => {
    // Prepare
    const request = source({ id: '007', conversation: { id: 9007199254740991 } });

    // Act
    const identity = deriveEventIdentity(request, FULL);

    // Assess
    expect(identity).toMatchObject({ ok: true, eventId: '007', messageGroupId: '9007199254740991' });
  });

  test('two ids that differ only beyond 2^53 never become one event: both are 400, not a merge', () => {
    // Prepare
    // JSON.parse turns both into 9007199254740992: as numbers they are indistinguishable.
    const first = '{"id":9007199254740993,"conversation":{"id":"c"}}';
    const second = '{"id":9007199254740992,"conversation":{"id":"c"}}';
    const identities = [first, second].map((text) => deriveEventIdentity(
      { headers: {}, rawBody: Buffer.from(text), payload: JSON.parse(text) }, FULL,
    ));

    // Act
    const eventIds = identities.flatMap((identity) => (identity.ok ? [identity.eventId] : []));

    // Assess
    expect(JSON.parse(first).id).toBe(JSON.parse(second).id);
    expect(eventIds).toEqual([]);
    expect(identities).toEqual([0, 1].map(() => expect.objectContaining({ ok: false, reason: 'invalid_event_id' })));
  });

  test('the message group falls back to the event id when the group pointer does not resolve', () => {
    // Prepare
    const request = source({ id: 'evt_1' });

    // Act
    const identity = deriveEventIdentity(request, FULL);

    // Assess
    expect(identity).toMatchObject({ ok: true, eventId: 'evt_1', messageGroupId: 'evt_1' });
  });

  test.each([
    ['a space', { 'x-event-id': 'evt 1' }, { id: 'x' }, 'invalid_event_id'],
    ['a non-ASCII letter', { 'x-event-id': 'évt' }, { id: 'x' }, 'invalid_event_id'],
    ['129 characters', { 'x-event-id': 'e'.repeat(129) }, { id: 'x' }, 'invalid_event_id'],
    ['a group id with a newline', {}, { id: 'x', conversation: { id: 'a\nb' } }, 'invalid_message_group_id'],
    ['a group id of 129 characters', {}, { id: 'x', conversation: { id: 'g'.repeat(129) } }, 'invalid_message_group_id'],
  ])('rejects an identifier with %s', (_name, headers, payload, reason) => {
    // Prepare
    const request = source(payload, headers);

    // Act
    const identity = deriveEventIdentity(request, FULL);

    // Assess
    expect(identity).toMatchObject({ ok: false, reason });
  });

  test('accepts 128 characters of every allowed punctuation mark and alphanumerics', () => {
    // Prepare
    const punctuation = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
    const id = (punctuation + 'Az09').repeat(4).slice(0, 128);
    const request = source({ id: 'x' }, { 'x-event-id': id });

    // Act
    const identity = deriveEventIdentity(request, FULL);

    // Assess
    expect(id).toHaveLength(128);
    expect(identity).toMatchObject({ ok: true, eventId: id });
  });
});

describe('helpers', () => {
  test.each([
    ['', 'is empty'],
    ['ok-id_1', undefined],
    ['tab\there', 'contains characters other than letters, digits and ASCII punctuation'],
  ])('sqsIdProblem(%j)', (id, expected) => {
    // Prepare
    // Act
    const problem = sqsIdProblem(id);

    // Assess
    expect(problem).toBe(expected);
  });

  test('headerValue skips absent values and ignores case', () => {
    // Prepare
    const headers = { 'Content-Type': 'application/json', 'x-missing': undefined };

    // Act
    const found = headerValue(headers, 'content-type');
    const missing = headerValue(headers, 'X-Missing');

    // Assess
    expect(found).toBe('application/json');
    expect(missing).toBeUndefined();
  });
});
