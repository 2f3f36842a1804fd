import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ARCHIVE_FIREHOSE_PREFIX, WORKER_CONFIG_ENV } from '../../src/contract';
import { pipelineFixture } from '../support/pipeline-stack';

function workerConfig(template: Template): Record<string, unknown> {
  const functions = template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { [WORKER_CONFIG_ENV]: Match.anyValue() } } } });
  const [worker] = Object.values(functions);
  const value = worker.Properties.Environment.Variables[WORKER_CONFIG_ENV];
  // Stack.toJsonString renders an Fn::Join; the archive part is what matters here.
  return { raw: JSON.stringify(value) };
}

describe('event archive', () => {
  test('by default: an encrypted, TLS-only, private bucket expiring after 30 days, written by a GZIP Firehose stream', () => {
    // Prepare
    const { stack, pipeline } = pipelineFixture();
    // Act
    const template = Template.fromStack(stack);
    // Assess
    expect(pipeline.archiveBucket).toBeDefined();
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })]) },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      ExtendedS3DestinationConfiguration: Match.objectLike({ CompressionFormat: 'GZIP', Prefix: ARCHIVE_FIREHOSE_PREFIX }),
    });
    template.hasOutput('*', { Description: 'Event archive bucket (replay --from/--to)' });
  });

  test('the worker may put records into its stream only, and its configuration names the stream', () => {
    // Prepare
    const { stack } = pipelineFixture();
    // Act
    const template = Template.fromStack(stack);
    // Assess
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('PipelineWorkerRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('PipelineArchiveDeliveryStream'), 'Arn'] },
        })]),
      },
    });
    expect(workerConfig(template).raw).toMatch(/archive.*deliveryStreamName.*PipelineArchiveDeliveryStream.*pipelineName.*TestStack-Pipeline/);
  });

  test('the ArchiveFailures alarm watches the worker\'s metric', () => {
    const { stack } = pipelineFixture();
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ArchiveFailures', Namespace: 'AckFastWebhookPipeline', Statistic: 'Sum', Threshold: 0, TreatMissingData: 'notBreaching',
    });
  });

  test('archiveRetention sets the expiry', () => {
    const { stack } = pipelineFixture({ archiveRetention: Duration.days(365) });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 365 })]) },
    });
  });

  test.each([
    ['0 days', Duration.days(0)],
    ['366 days', Duration.days(366)],
    ['36 hours', Duration.hours(36)],
  ])('archiveRetention of %s is refused, naming the prop', (_name, retention) => {
    expect(() => pipelineFixture({ archiveRetention: retention })).toThrow(/archiveRetention must be a whole number of days from 1 to 365/);
  });

  test('archive: false creates no bucket, no stream, no alarm, and the worker does not archive', () => {
    // Prepare
    const { stack, pipeline } = pipelineFixture({ archive: false });
    // Act
    const template = Template.fromStack(stack);
    // Assess
    expect(pipeline.archiveBucket).toBeUndefined();
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ArchiveFailures' } }))).toEqual([]);
    expect(workerConfig(template).raw).not.toContain('deliveryStreamName');
  });

  test('existingArchiveBucket: the stream writes to it and no bucket is created', () => {
    // Prepare
    const { stack } = pipelineFixture({ existingArchiveBucket: s3.Bucket.fromBucketName(new Stack(), 'Imported', 'my-archive') });
    // Act
    const template = Template.fromStack(stack);
    // Assess
    template.resourceCountIs('AWS::S3::Bucket', 0);
    const [stream] = Object.values(template.findResources('AWS::KinesisFirehose::DeliveryStream'));
    expect(JSON.stringify(stream.Properties.ExtendedS3DestinationConfiguration.BucketARN)).toContain(':s3:::my-archive');
  });

  test('conflicting archive props are refused, naming them', () => {
    const bucket = s3.Bucket.fromBucketName(new Stack(), 'Imported', 'my-archive');
    expect(() => pipelineFixture({ archive: false, archiveRetention: Duration.days(7) })).toThrow(/archive is false: remove existingArchiveBucket and archiveRetention/);
    expect(() => pipelineFixture({ existingArchiveBucket: bucket, archiveRetention: Duration.days(7) }))
      .toThrow(/archiveRetention cannot be applied to existingArchiveBucket/);
  });
});
