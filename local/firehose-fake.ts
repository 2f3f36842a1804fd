/*
 * A loopback fake of Amazon Data Firehose's PutRecordBatch (JSON 1.1, X-Amz-Target
 * Firehose_20150804.PutRecordBatch), enough for the real @aws-sdk/client-firehose: the records of
 * each named delivery stream are buffered and delivered, as Firehose does, into the S3 emulator as
 * gzip objects under the archive's hour prefix (by arrival time). `flush()` delivers at once
 * (tests); otherwise every `flushIntervalMs`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readBody } from './lambda-invoke-fake';
import { archiveHourPrefix } from '../src/contract';

export interface LocalFirehose {
  readonly endpoint: string;
  /** PutRecordBatch calls answered (tests and the bench count them). */
  readonly putCalls: () => number;
  /** Delivers every buffered record now. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalFirehoseOptions {
  readonly s3: S3Client;
  /** Delivery stream name → bucket it writes. */
  readonly streams: Readonly<Record<string, string>>;
  readonly now: () => number;
  /** @default 1000 */
  readonly flushIntervalMs?: number;
}

const PUT_RECORD_BATCH = 'Firehose_20150804.PutRecordBatch';

function jsonError(type: string, message: string): string {
  return JSON.stringify({ __type: type, message });
}

export async function startLocalFirehose(options: LocalFirehoseOptions): Promise<LocalFirehose> {
  const buffers = new Map<string, Buffer[]>();
  let calls = 0;
  let delivering: Promise<void> = Promise.resolve();

  const deliver = async (): Promise<void> => {
    const pending = [...buffers.entries()].filter(([, records]) => records.length > 0);
    buffers.clear();
    for (const [stream, records] of pending) {
      const key = `${archiveHourPrefix(options.now())}${stream}-${options.now()}-${randomUUID()}.gz`;
      await options.s3.send(new PutObjectCommand({ Bucket: options.streams[stream], Key: key, Body: gzipSync(Buffer.concat(records)) }));
    }
  };
  const flush = (): Promise<void> => {
    delivering = delivering.then(deliver, deliver);
    return delivering;
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const reply = (status: number, text: string) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(text);
      };
      if (request.headers['x-amz-target'] !== PUT_RECORD_BATCH) return reply(400, jsonError('UnknownOperationException', 'only PutRecordBatch is faked'));
      const input = JSON.parse(body) as { DeliveryStreamName?: string; Records?: Array<{ Data?: string }> };
      const stream = input.DeliveryStreamName ?? '';
      if (options.streams[stream] === undefined) return reply(400, jsonError('ResourceNotFoundException', `Delivery stream ${stream} not found`));
      calls += 1;
      const records = input.Records ?? [];
      const buffer = buffers.get(stream) ?? [];
      for (const record of records) buffer.push(Buffer.from(record.Data ?? '', 'base64'));
      buffers.set(stream, buffer);
      return reply(200, JSON.stringify({ FailedPutCount: 0, Encrypted: false, RequestResponses: records.map(() => ({ RecordId: randomUUID() })) }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const timer = setInterval(() => void flush().catch(() => undefined), options.flushIntervalMs ?? 1_000);
  timer.unref();
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    putCalls: () => calls,
    flush,
    stop: async () => {
      clearInterval(timer);
      await flush().catch(() => undefined);
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
