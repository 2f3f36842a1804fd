import { S3Client } from '@aws-sdk/client-s3';
import { CliClientConfig } from '../options';

/** An S3 client for the archive; path-style on an emulator endpoint (--endpoint-url or AWS_ENDPOINT_URL_S3), which has no per-bucket host names. */
export function s3ClientOf(config: CliClientConfig): S3Client {
  const custom = config.endpoint !== undefined || process.env.AWS_ENDPOINT_URL_S3 !== undefined;
  return new S3Client({ ...config, forcePathStyle: custom });
}
