/*
 * The archive of the local pipeline: a bucket in fauxqs's S3 emulator and the loopback Firehose
 * fake delivering into it, started only when the template's worker archives.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_AWS } from './emulators';
import { LocalFirehose, startLocalFirehose } from './firehose-fake';

export interface LocalArchive {
  readonly bucket: string;
  readonly deliveryStreamName: string;
  readonly s3Endpoint: string;
  readonly firehose: LocalFirehose;
  /** Delivers what the fake Firehose holds, so the archive can be read now. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** An S3 client for the emulator (path-style: `<bucket>.127.0.0.1` does not resolve). */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({ ...LOCAL_AWS, endpoint, forcePathStyle: true });
}

/** Local names of the archive resources, known before anything starts (the template's references resolve to them). */
export function localArchiveNames(name: string): { readonly bucket: string; readonly deliveryStreamName: string } {
  return { bucket: `${name}-archive`, deliveryStreamName: `${name}-archive-stream` };
}

export async function startLocalArchive(name: string, s3Endpoint: string, now: () => number): Promise<LocalArchive> {
  const { bucket, deliveryStreamName } = localArchiveNames(name);
  const s3 = localS3Client(s3Endpoint);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const firehose = await startLocalFirehose({ s3, streams: { [deliveryStreamName]: bucket }, now });
  return {
    bucket,
    deliveryStreamName,
    s3Endpoint,
    firehose,
    flush: () => firehose.flush(),
    stop: async () => {
      await firehose.stop();
      s3.destroy();
    },
  };
}
