import { Template } from 'aws-cdk-lib/assertions';
import { INGRESS_CONFIG_ENV } from '../../src/contract';
import { pipelineFixture } from '../support/pipeline-stack';
import { handlerConfig } from '../support/template-config';

const INGRESS = 'lambda/ingress/ingress.lambda.ts';

describe('ingressFilters', () => {
  test('the filters reach the ingress configuration, duplicates removed', () => {
    // Prepare
    const { stack } = pipelineFixture({
      ingressFilters: [{ pointer: '/event', acceptedValues: ['conversation.created', 'customer.message', 'customer.message'] }],
    });

    // Act
    const config = handlerConfig(Template.fromStack(stack), INGRESS, INGRESS_CONFIG_ENV);

    // Assess
    expect(config.ingressFilters).toEqual([{ pointer: '/event', acceptedValues: ['conversation.created', 'customer.message'] }]);
  });

  test('without filters the configuration has none (every valid webhook is enqueued)', () => {
    const config = handlerConfig(Template.fromStack(pipelineFixture().stack), INGRESS, INGRESS_CONFIG_ENV);
    expect(config).not.toHaveProperty('ingressFilters');
    const empty = handlerConfig(Template.fromStack(pipelineFixture({ ingressFilters: [] }).stack), INGRESS, INGRESS_CONFIG_ENV);
    expect(empty).not.toHaveProperty('ingressFilters');
  });

  test.each([
    ['a pointer without a leading slash', [{ pointer: 'event', acceptedValues: ['a'] }], /ingressFilters\[0\]\.pointer "event" is not an RFC 6901 JSON pointer/],
    ['a bad escape', [{ pointer: '/ok', acceptedValues: ['a'] }, { pointer: '/a~2b', acceptedValues: ['a'] }], /ingressFilters\[1\]\.pointer "\/a~2b"/],
    ['the whole-document pointer', [{ pointer: '', acceptedValues: ['a'] }], /ingressFilters\[0\]\.pointer ""/],
    ['no accepted value', [{ pointer: '/event', acceptedValues: [] }], /ingressFilters\[0\]\.acceptedValues is empty/],
    ['a value that is not a string', [{ pointer: '/n', acceptedValues: [42 as unknown as string] }], /ingressFilters\[0\]\.acceptedValues\[0\] is not a string/],
    ['too many filters', Array.from({ length: 11 }, () => ({ pointer: '/a', acceptedValues: ['x'] })), /ingressFilters names 11 filters; at most 10/],
  ])('%s is a synth error naming the prop', (_name, ingressFilters, message) => {
    // Prepare / Act / Assess
    expect(() => pipelineFixture({ ingressFilters })).toThrow(message);
  });
});
