import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CliClientConfig } from '../../cli/options';
import { PipelineResources, regionOfQueueUrl } from '../../cli/pipeline-resources';

const QUEUE = 'https://sqs.us-east-2.amazonaws.com/111111111111/rp-mw-prod-Queue.fifo';

function outputsFile(queueUrl: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'afw-region-')), 'cdk-outputs.json');
  writeFileSync(file, JSON.stringify({
    'rp-mw-prod': { PipelineStateTableName1A2B3C4D: 'state', PipelineQueueUrl5E6F7A8B: queueUrl },
  }));
  return file;
}

describe('region of a queue URL', () => {
  test.each([
    [QUEUE, 'us-east-2'],
    ['https://sqs.eu-central-1.amazonaws.com/1/q.fifo', 'eu-central-1'],
    ['https://sqs.us-gov-west-1.amazonaws.com/1/q.fifo', 'us-gov-west-1'],
    ['https://sqs.cn-north-1.amazonaws.com.cn/1/q.fifo', 'cn-north-1'],
    ['http://127.0.0.1:4566/000000000000/q.fifo', undefined],
    ['https://sqs.amazonaws.com/1/q.fifo', undefined],
    [undefined, undefined],
  ])('%s → %s', (url, region) => {
    expect(regionOfQueueUrl(url)).toBe(region);
  });
});

/** The region and endpoint a client gets (the transport settings are tested in aws-transport.test.ts). */
const target = ({ region, endpoint }: CliClientConfig) => ({ ...(region && { region }), ...(endpoint && { endpoint }) });

describe('client region with --outputs', () => {
  test('the outputs file\'s queue URL gives the region when --region is absent', () => {
    const resources = new PipelineResources('status', { outputs: outputsFile(QUEUE) });
    expect(target(resources.clientConfig())).toEqual({ region: 'us-east-2' });
  });

  test('--region wins over the queue URL', () => {
    const resources = new PipelineResources('status', { outputs: outputsFile(QUEUE), region: 'eu-west-1' });
    expect(target(resources.clientConfig())).toEqual({ region: 'eu-west-1' });
  });

  test('with --endpoint-url (an emulator) no region is derived', () => {
    const resources = new PipelineResources('status', { 'outputs': outputsFile(QUEUE), 'endpoint-url': 'http://127.0.0.1:4566' });
    expect(target(resources.clientConfig())).toEqual({ endpoint: 'http://127.0.0.1:4566' });
  });

  test('an explicit --queue-url gives the region too; without any URL the AWS environment decides', () => {
    expect(target(new PipelineResources('redrive', { 'queue-url': QUEUE }).clientConfig())).toEqual({ region: 'us-east-2' });
    expect(target(new PipelineResources('status', { table: 'state' }).clientConfig())).toEqual({});
  });
});
