/*
 * One page for every prop's default and every guardrail's message: the defaults come from
 * resolvePipelineSettings (the one place they are applied), the messages from synthesizing a
 * pipeline with the offending props (validatePipelineProps and the alarm settings, before any
 * resource exists).
 */
import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AckFastWebhookPipelineProps, WebhookApiKind } from '../../src';
import { DEFAULT_RUNBOOK } from '../../src/private/alarm-settings';
import { resolvePipelineSettings } from '../../src/private/pipeline-settings';
import { pipelineFixture } from '../support/pipeline-stack';

describe('settings: every default in one table', () => {
  // Prepare: the props a pipeline needs and nothing else (an imported processor with its timeout).
  const { pipeline } = pipelineFixture();
  const props = {
    authentication: undefined, processor: pipeline.processor, processorTimeout: Duration.seconds(10),
  } as unknown as AckFastWebhookPipelineProps;
  // Act
  const settings = resolvePipelineSettings(props, 'TestStack-Pipeline');
  const plain = (value: unknown) => (value instanceof Duration ? `${value.toSeconds()} s` : value instanceof Size ? `${value.toBytes()} B` : value);

  test.each([
    ['apiKind', WebhookApiKind.REST],
    ['webhookPath', 'webhook'],
    ['throttlingRateLimit', 50],
    ['throttlingBurstLimit', 100],
    ['maxBodySize', '262144 B'],
    ['maxJsonDepth', 64],
    ['maxJsonElements', 50_000],
    ['secretCacheTtl', '300 s'],
    ['previousSecretGracePeriod', '86400 s'],
    ['workerTimeout', '30 s'],
    ['processorTimeout', '10 s'],
    ['batchSize', 10],
    ['maxConcurrency', 5],
    ['groupConcurrency', 10],
    ['visibilityTimeout', '180 s'],
    ['queueRetentionPeriod', '345600 s'],
    ['maxReceiveCount', 5],
    ['deadLetterRetentionPeriod', '1209600 s'],
    ['idempotencyTtl', '1900800 s'],
    ['removalPolicy', RemovalPolicy.RETAIN],
    ['logRetention', logs.RetentionDays.ONE_MONTH],
    ['architecture', lambda.Architecture.ARM_64],
    ['provisionedConcurrency', 0],
    ['tracingEnabled', false],
  ] as const)('%s defaults to %s', (name, expected) => {
    // Assess
    expect(plain(settings[name])).toEqual(expected);
  });

  test('the alarms: named after the pipeline, thresholds of docs/07_Reliability_Scaling/Alarms.md, no actions', () => {
    // Assess
    const alarms = settings.alarms!;
    expect({ ...alarms, ackLatencyP99: plain(alarms.ackLatencyP99), oldestMessageAge: plain(alarms.oldestMessageAge) }).toEqual({
      namePrefix: 'TestStack-Pipeline',
      runbookUrl: DEFAULT_RUNBOOK,
      ackLatencyP99: '1 s',
      serverErrorRate: 0.01,
      clientErrorCount: 50,
      oldestMessageAge: '300 s',
      workerDurationShareOfTimeout: 0.8,
      diagnosticAlarms: false,
      alarmActions: [],
      okActions: [],
    });
    expect(resolvePipelineSettings({ ...props, alarmsEnabled: false }, 'TestStack-Pipeline').alarms).toBeUndefined();
  });
});

describe('settings: every guardrail and its message', () => {
  test.each<[string, Partial<AckFastWebhookPipelineProps>, RegExp]>([
    ['body above one SQS message', { maxBodySize: Size.mebibytes(2) }, /^maxBodySize \(2097152 bytes\) must be from 1 byte to 1047552 bytes/],
    ['WAF on an HTTP API', { apiKind: WebhookApiKind.HTTP, wafRateLimitPerIp: 1000 }, /^wafRateLimitPerIp needs a REST API, but apiKind is WebhookApiKind.HTTP/],
    ['webhookPath with a leading slash', { webhookPath: '/hooks' }, /^webhookPath '\/hooks' must be one or more URL path segments/],
    ['burst below rate', { throttlingRateLimit: 100, throttlingBurstLimit: 10 }, /^throttlingBurstLimit \(10\) must be at least throttlingRateLimit \(100\)/],
    ['rate of 0', { throttlingRateLimit: 0 }, /^throttlingRateLimit must be greater than 0; got 0/],
    ['imported processor without timeout', { processorTimeout: undefined }, /^processorTimeout is required when processor is an imported function/],
    ['processor timeout above Lambda\'s', { processorTimeout: Duration.minutes(20) }, /^processorTimeout must be a whole number of seconds from 1 to 900/],
    ['worker shorter than processor + margin', { workerTimeout: Duration.seconds(12) }, /^workerTimeout \(12 s\) must be at least processorTimeout \(10 s\) \+ 8 s/],
    ['visibility below 6 x worker', { queueVisibilityTimeout: Duration.seconds(60) }, /^queueVisibilityTimeout \(60 s\) must be at least 6 x workerTimeout \(180 s\)/],
    ['maxReceiveCount 0', { maxReceiveCount: 0 }, /^maxReceiveCount must be a whole number from 1 to 1000/],
    ['batch above 10', { workerBatchSize: 11 }, /^workerBatchSize must be a whole number from 1 to 10 \(the FIFO event source maximum\)/],
    ['max concurrency 1', { workerMaxConcurrency: 1 }, /^workerMaxConcurrency must be a whole number from 2 to 1000/],
    ['group concurrency 11', { workerGroupConcurrency: 11 }, /^workerGroupConcurrency must be a whole number from 1 to 10/],
    ['provisioned concurrency -1', { ingressProvisionedConcurrency: -1 }, /^ingressProvisionedConcurrency must be a whole number from 0 to 10000/],
    ['WAF limit too low', { wafRateLimitPerIp: 1 }, /^wafRateLimitPerIp must be a whole number from/],
    ['idempotency TTL shorter than a redrive', { idempotencyTtl: Duration.days(1) }, /^idempotencyTtl \(1 day\) must be at least 2 x queueRetentionPeriod/],
    ['existingTable with tableProps', { existingTable: {} as dynamodb.ITable, tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } } },
      /^existingTable and tableProps cannot both be set/],
    ['table with another key', { tableProps: { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } } }, /^tableProps.partitionKey must be \{ name: 'pk'/],
    ['table with a sort key', {
      tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING } },
    },
    /^tableProps.sortKey must not be set/],
    ['table with another TTL attribute', { tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, timeToLiveAttribute: 'ttl' } },
      /^tableProps.timeToLiveAttribute must be 'expiresAt'/],
    ['JSON depth 0', { maxJsonDepth: 0 }, /^maxJsonDepth must be a whole number from 1 to 1000/],
    ['JSON elements above a million', { maxJsonElements: 2_000_000 }, /^maxJsonElements must be a whole number from 1 to 1000000/],
    ['secret cache of 10 s', { secretCacheTtl: Duration.seconds(10) }, /^secretCacheTtl must be from 30 seconds to 1 hour/],
    ['grace period of 8 days', { previousSecretGracePeriod: Duration.days(8) }, /^previousSecretGracePeriod must be from 0 seconds to 7 days/],
    ['event id pointer without /', { eventIdJsonPointer: 'id' }, /^eventIdJsonPointer 'id' is not an RFC 6901 JSON pointer/],
    ['group pointer with a bad escape', { messageGroupIdJsonPointer: '/a~2' }, /^messageGroupIdJsonPointer '\/a~2' has an invalid escape/],
    ['11 event id fields', { eventIdJsonPointers: Array.from({ length: 11 }, (_, n) => `/f${n}`) }, /^eventIdJsonPointers must name 1 to 10 JSON pointers/],
    ['event id fields and a single pointer', { eventIdJsonPointers: ['/a'], eventIdJsonPointer: '/id' }, /^eventIdJsonPointers and eventIdJsonPointer cannot both be set/],
    ['dashboardName without the dashboard', { dashboardEnabled: false, dashboardName: 'x' }, /^dashboardName is set but dashboardEnabled is false/],
    ['dashboard without alarms', { alarmsEnabled: false, dashboardEnabled: true }, /^dashboardEnabled \(or dashboardName\) needs the alarms/],
    ['archive off with its bucket', { archive: false, archiveRetention: Duration.days(3) }, /^archive is false: remove existingArchiveBucket and archiveRetention/],
    ['archive kept 400 days', { archiveRetention: Duration.days(400) }, /^archiveRetention must be a whole number of days from 1 to 365/],
    ['server error rate above 1', { alarms: { serverErrorRate: 2 } }, /^alarms.serverErrorRate must be greater than 0 and at most 1 \(a share of requests\); got 2/],
    ['duration share of 0', { alarms: { workerDurationShareOfTimeout: 0 } }, /^alarms.workerDurationShareOfTimeout must be greater than 0 and at most 1; got 0/],
    ['both processor modes', { workerFunction: {} as lambda.Function }, /^Set exactly one of processor and workerFunction \(both are set\)/],
  ])('%s', (_what, overrides, message) => {
    // Act / Assess
    expect(() => pipelineFixture(overrides)).toThrow(message);
  });

  test('negative control: the fixture itself synthesizes', () => {
    // Act / Assess
    expect(() => pipelineFixture()).not.toThrow();
  });
});
