import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * The event archive: every accepted event (raw body, verified signature headers, event id, group,
 * receive time) written by the worker through Amazon Data Firehose to S3, for
 * `ack-fast-webhook replay --from --to`. Mixed into AckFastWebhookPipelineProps.
 */
export interface EventArchiveProps {
  /**
   * Archive every accepted event (off the ACK path: the worker writes it once per batch).
   * `false` creates no bucket and no delivery stream; `replay --from/--to` then has nothing to read.
   * @default true
   */
  readonly archive?: boolean;

  /**
   * How long archived events are kept (the bucket's lifecycle expiry), 1 to 365 whole days.
   * Cannot be combined with `existingArchiveBucket` (its lifecycle is yours).
   * @default Duration.days(30)
   */
  readonly archiveRetention?: Duration;

  /**
   * A bucket of your own for the archive (objects under `archive/`); its encryption, TLS policy and
   * lifecycle are then yours. A bucket with a customer managed key must let the delivery stream use it.
   * @default - a bucket is created: S3-managed encryption, TLS only, public access blocked, expiry after `archiveRetention`
   */
  readonly existingArchiveBucket?: s3.IBucket;
}
