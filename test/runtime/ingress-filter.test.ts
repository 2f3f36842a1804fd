import { validateIngressRuntimeConfig } from '../../lambda/core/ingress-config';
import { FILTER_REASONS, firstFilterMiss } from '../../src/runtime/ingest/ingress-filter';
import { hexHmacIngressConfig } from '../support/ingress-runtime-config';

const EVENT_TYPES = { pointer: '/event', acceptedValues: ['conversation.created', 'customer.message'] };

describe('firstFilterMiss', () => {
  test.each([
    ['an accepted value', { event: 'customer.message' }, undefined],
    ['another accepted value', { event: 'conversation.created' }, undefined],
    ['a value not accepted', { event: 'conversation.closed' }, FILTER_REASONS.valueNotAccepted],
    ['a value differing only in case', { event: 'Customer.Message' }, FILTER_REASONS.valueNotAccepted],
    ['a missing field', { type: 'customer.message' }, FILTER_REASONS.fieldMissing],
    ['null', { event: null }, FILTER_REASONS.valueNotAccepted],
    ['an object', { event: { name: 'customer.message' } }, FILTER_REASONS.valueNotAccepted],
    ['an array holding an accepted value', { event: ['customer.message'] }, FILTER_REASONS.valueNotAccepted],
    ['a prototype property name as the field', JSON.parse('{"__proto__": {"event": "customer.message"}}'), FILTER_REASONS.fieldMissing],
  ])('%s', (_name, payload, reason) => {
    // Act
    const miss = firstFilterMiss(payload, [EVENT_TYPES]);

    // Assess
    expect(miss).toEqual(reason === undefined ? undefined : { pointer: '/event', reason });
  });

  test('numbers and booleans match by their JSON text, nested pointers and escapes resolve', () => {
    const filters = [
      { pointer: '/ticket/priority', acceptedValues: ['1', '2'] },
      { pointer: '/ticket/vip', acceptedValues: ['true'] },
      { pointer: '/meta/a~1b', acceptedValues: ['x'] },
    ];
    expect(firstFilterMiss({ ticket: { priority: 2, vip: true }, meta: { 'a/b': 'x' } }, filters)).toBeUndefined();
    expect(firstFilterMiss({ ticket: { priority: 3, vip: true }, meta: { 'a/b': 'x' } }, filters))
      .toEqual({ pointer: '/ticket/priority', reason: FILTER_REASONS.valueNotAccepted });
    expect(firstFilterMiss({ ticket: { priority: 1, vip: 'true' }, meta: { 'a/b': 'x' } }, filters)).toBeUndefined();
    expect(firstFilterMiss({ ticket: { priority: 1, vip: false }, meta: { 'a/b': 'x' } }, filters))
      .toEqual({ pointer: '/ticket/vip', reason: FILTER_REASONS.valueNotAccepted });
  });

  test('every filter must accept; the first that does not is reported', () => {
    const filters = [EVENT_TYPES, { pointer: '/channel', acceptedValues: ['email'] }];
    expect(firstFilterMiss({ event: 'customer.message', channel: 'email' }, filters)).toBeUndefined();
    expect(firstFilterMiss({ event: 'customer.message', channel: 'chat' }, filters)).toEqual({ pointer: '/channel', reason: FILTER_REASONS.valueNotAccepted });
    expect(firstFilterMiss({ event: 'other', channel: 'chat' }, filters)).toEqual({ pointer: '/event', reason: FILTER_REASONS.valueNotAccepted });
  });

  test('no filters (absent or empty) let everything through', () => {
    expect(firstFilterMiss({}, undefined)).toBeUndefined();
    expect(firstFilterMiss({}, [])).toBeUndefined();
  });
});

describe('ingress configuration with filters', () => {
  test('valid filters parse', () => {
    expect(validateIngressRuntimeConfig(hexHmacIngressConfig({ ingressFilters: [EVENT_TYPES] })).ingressFilters).toEqual([EVENT_TYPES]);
  });

  test.each([
    ['a pointer without a leading slash', [{ pointer: 'event', acceptedValues: ['a'] }], /ingressFilters\.0\.pointer/],
    ['the whole-document pointer', [{ pointer: '', acceptedValues: ['a'] }], /ingressFilters\.0\.pointer: a filter pointer must name a field/],
    ['no accepted value', [{ pointer: '/event', acceptedValues: [] }], /ingressFilters\.0\.acceptedValues: a filter must accept at least one value/],
  ])('%s fails the cold start naming the field', (_name, ingressFilters, message) => {
    expect(() => validateIngressRuntimeConfig(hexHmacIngressConfig({ ingressFilters }))).toThrow(message);
  });
});
