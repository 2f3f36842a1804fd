/*
 * eventIdFromPointers: the one derivation of an event id from several body fields, shared by the
 * ingress and every other producer. Table-driven and property-style cases.
 */
import { createHash } from 'node:crypto';
import * as fc from 'fast-check';
import { eventIdFromPointers } from '../../src/runtime';
import { deriveEventIdentity } from '../../src/runtime/ingest/event-identity';

const POINTERS = ['/ticket/id', '/ticket/lastMessage/createdAt'];
const body = (id: unknown, createdAt: unknown) => ({ ticket: { id, lastMessage: { createdAt } } });

describe('eventIdFromPointers', () => {
  test('is the SHA-256 of the JSON array of the values\' texts, in the pointers\' order', () => {
    // Act
    const result = eventIdFromPointers(body('t-1', '2026-11-24T12:00:00Z'), POINTERS);

    // Assess
    const expected = createHash('sha256').update('["t-1","2026-11-24T12:00:00Z"]').digest('hex');
    expect(result).toEqual({ ok: true, eventId: expected });
  });

  test.each([
    ['a number and its text are one id (templates render numbers as text)', body(42, 7), body('42', '7'), true],
    ['the order of the values matters', body('a', 'b'), body('b', 'a'), false],
    ['values are not simply concatenated: ["a,b","c"] differs from ["a","b,c"]', body('a,b', 'c'), body('a', 'b,c'), false],
    ['surrounding whitespace is part of the text the sender wrote', body('t-1', 'x'), body(' t-1', 'x'), false],
  ])('%s', (_name, first, second, same) => {
    const a = eventIdFromPointers(first, POINTERS);
    const b = eventIdFromPointers(second, POINTERS);
    expect(a.ok && b.ok).toBe(true);
    expect(a.ok && b.ok && a.eventId === b.eventId).toBe(same);
  });

  test.each([
    [{ ticket: { id: 't-1', lastMessage: {} } }, '/ticket/lastMessage/createdAt', 'Body is missing the event id field at JSON pointer /ticket/lastMessage/createdAt'],
    [body('', 'x'), '/ticket/id', 'The event id field at /ticket/id is empty or blank'],
    [body('  ', 'x'), '/ticket/id', 'The event id field at /ticket/id is empty or blank'],
    [body(null, 'x'), '/ticket/id', 'The event id field at /ticket/id is null, not a string or an integer'],
    [body({ nested: 1 }, 'x'), '/ticket/id', 'The event id field at /ticket/id is an object, not a string or an integer'],
    [body('t', 1.5), '/ticket/lastMessage/createdAt', 'The event id field at /ticket/lastMessage/createdAt is a number that is not an integer below 2^53 (send it as a JSON string to keep every digit)'],
  ])('refuses %j naming the pointer', (payload, pointer, message) => {
    expect(eventIdFromPointers(payload, POINTERS)).toEqual({ ok: false, pointer, message });
  });

  test('an empty pointer list is a configuration error, not an id', () => {
    expect(() => eventIdFromPointers({}, [])).toThrow(/at least one JSON pointer/);
  });

  test('property: different value tuples give different ids, equal tuples the same id', () => {
    const text = fc.string({ minLength: 1 }).filter((s) => s.trim() !== '');
    fc.assert(fc.property(fc.tuple(text, text), fc.tuple(text, text), (x, y) => {
      const a = eventIdFromPointers(body(...x), POINTERS);
      const b = eventIdFromPointers(body(...y), POINTERS);
      if (!a.ok || !b.ok) return false;
      return (a.eventId === b.eventId) === (x[0] === y[0] && x[1] === y[1]);
    }));
  });

  test('the ingress\'s identity uses it when eventIdJsonPointers is set, over headers and the single pointer', () => {
    // Prepare
    const payload = { eventId: 'from-pointer', ...body('t-1', '2026-11-24T12:00:00Z') };
    const source = { headers: { 'webhook-id': 'from-header' }, rawBody: Buffer.from(JSON.stringify(payload)), payload };

    // Act
    const identity = deriveEventIdentity(source, {
      eventIdHeaders: ['webhook-id'], eventIdJsonPointer: '/eventId', eventIdJsonPointers: POINTERS, messageGroupIdJsonPointer: '/ticket/id',
    });

    // Assess
    expect(identity).toEqual({ ok: true, eventId: (eventIdFromPointers(payload, POINTERS) as { eventId: string }).eventId, messageGroupId: 't-1', eventIdSource: 'jsonPointers' });
  });

  test('the ingress\'s identity refuses a missing id field with the pointer, never falling back to the body hash', () => {
    const payload = { ticket: { id: 't-1' } };
    const identity = deriveEventIdentity({ headers: {}, rawBody: Buffer.from(JSON.stringify(payload)), payload }, { eventIdJsonPointers: POINTERS });
    expect(identity).toEqual({ ok: false, reason: 'invalid_event_id', message: 'Body is missing the event id field at JSON pointer /ticket/lastMessage/createdAt' });
  });
});
