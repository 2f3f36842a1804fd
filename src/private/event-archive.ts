/*
 * The event archive: an S3 bucket written by an Amazon Data Firehose delivery stream, which the
 * worker feeds once per batch (PutRecordBatch). Firehose rather than one S3 PUT per batch: it
 * bills the batch's bytes (each record rounded up to 5 KB) instead of a PUT per batch, buffers
 * into few large objects (cheap to list and read back by hour), and compresses them.
 */
import { CfnResource, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ARCHIVE_FIREHOSE_ERROR_PREFIX, ARCHIVE_FIREHOSE_PREFIX } from '../contract';
import { acknowledge } from './nag-acknowledgements';
import { EventArchiveProps } from '../event-archive-props';

export const DEFAULT_ARCHIVE_RETENTION = Duration.days(30);
const MAX_ARCHIVE_RETENTION_DAYS = 365;

export interface EventArchive {
  readonly bucket: s3.IBucket;
  readonly deliveryStream: firehose.DeliveryStream;
}

/** Throws, naming the props, when the archive props cannot be honoured. */
export function validateArchiveProps(props: EventArchiveProps): void {
  const enabled = props.archive ?? true;
  if (!enabled && (props.existingArchiveBucket !== undefined || props.archiveRetention !== undefined)) {
    throw new Error('archive is false: remove existingArchiveBucket and archiveRetention, or set archive to true.');
  }
  if (props.existingArchiveBucket !== undefined && props.archiveRetention !== undefined) {
    throw new Error('archiveRetention cannot be applied to existingArchiveBucket (its lifecycle is yours): set the expiry on that bucket and remove archiveRetention.');
  }
  if (props.archiveRetention !== undefined) {
    const days = props.archiveRetention.toDays({ integral: false });
    if (!Number.isInteger(days) || days < 1 || days > MAX_ARCHIVE_RETENTION_DAYS) {
      throw new Error(`archiveRetention must be a whole number of days from 1 to ${MAX_ARCHIVE_RETENTION_DAYS}; got ${props.archiveRetention.toHumanString()}.`);
    }
  }
}

/** The archive bucket and delivery stream, or undefined when `archive` is false. */
export function createEventArchive(
  scope: Construct, props: EventArchiveProps, removalPolicy: RemovalPolicy, logRetention: logs.RetentionDays,
): EventArchive | undefined {
  if (!(props.archive ?? true)) return undefined;
  const bucket = props.existingArchiveBucket ?? new s3.Bucket(scope, 'ArchiveBucket', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy,
    lifecycleRules: [{ expiration: props.archiveRetention ?? DEFAULT_ARCHIVE_RETENTION, abortIncompleteMultipartUploadAfter: Duration.days(1) }],
  });
  // Delivery errors are logged here, kept and removed like the pipeline's other logs.
  const logGroup = new logs.LogGroup(scope, 'ArchiveDeliveryLogGroup', { retention: logRetention, removalPolicy });
  const deliveryStream = new firehose.DeliveryStream(scope, 'ArchiveDeliveryStream', {
    encryption: firehose.StreamEncryption.awsOwnedKey(),
    destination: new firehose.S3Bucket(bucket, {
      dataOutputPrefix: ARCHIVE_FIREHOSE_PREFIX,
      errorOutputPrefix: ARCHIVE_FIREHOSE_ERROR_PREFIX,
      compression: firehose.Compression.GZIP,
      loggingConfig: new firehose.EnableLogging(logGroup),
      // Few large objects: a replay lists and reads an hour in a handful of requests.
      bufferingInterval: Duration.minutes(5),
      bufferingSize: Size.mebibytes(64),
    }),
  });
  acknowledgeArchiveFindings(bucket, deliveryStream);
  return { bucket, deliveryStream };
}

/** How cdk-nag writes the bucket's object ARN (`<LogicalId.Arn>/*` for a bucket of this stack). */
function objectsArnAsNagSees(bucket: s3.IBucket): string {
  const resource = bucket.node.defaultChild;
  if (resource instanceof CfnResource) return `<${Stack.of(bucket).getLogicalId(resource)}.Arn>/*`;
  return `${bucket.bucketArn}/*`;
}

/** The archive's cdk-nag findings that are by design, on the exact resources. */
function acknowledgeArchiveFindings(bucket: s3.IBucket, deliveryStream: firehose.DeliveryStream): void {
  if (bucket instanceof s3.Bucket) {
    acknowledge(bucket, [{
      id: 'AwsSolutions-S1',
      reason: 'The archive bucket is written only by the pipeline\'s delivery stream and read by operators replaying events; server access logs '
        + 'would need a second bucket per pipeline. For an audit of reads, enable CloudTrail S3 data events on this bucket.',
    }]);
  }
  const role = deliveryStream.node.tryFindChild('S3 Destination Role');
  const policy = role?.node.tryFindChild('DefaultPolicy');
  if (policy instanceof iam.Policy) {
    acknowledge(policy, [{
      id: 'AwsSolutions-IAM5',
      reason: 'Granted by the aws-kinesisfirehose S3 destination (bucket.grantReadWrite) to the delivery stream\'s own role, on the archive '
        + 'bucket and its objects only: Firehose writes objects under time-based keys it chooses, so the object ARN is a wildcard; the action '
        + 'families (Get/List/Abort/Delete) are the L2 grant\'s, of which Firehose uses PutObject, AbortMultipartUpload, GetBucketLocation and ListBucket.',
      applies_to: ['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:DeleteObject*', 'Action::s3:Abort*',
        `Resource::${objectsArnAsNagSees(bucket)}`],
    }]);
  }
}
