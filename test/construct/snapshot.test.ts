import { Template } from 'aws-cdk-lib/assertions';
import { WebhookApiKind } from '../../src';
import { pipelineFixture } from '../support/pipeline-stack';

/** Asset hashes change with every handler edit; the snapshot is about the infrastructure. */
function withoutAssetHashes(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template)
    .replace(/[0-9a-f]{64}(\.zip)?/g, '<asset-hash>$1')
    .replace(/"PipelineApiDeployment[0-9A-Fa-f]+"/g, '"PipelineApiDeployment<hash>"')
    .replace(/"Automatically created by the RestApi construct[^"]*"/g, '"<deployment description>"'));
}

test('default pipeline template', () => {
  // Prepare / Act
  const { stack } = pipelineFixture();
  // Assess
  expect(withoutAssetHashes(Template.fromStack(stack).toJSON())).toMatchSnapshot();
});

test('HTTP API pipeline template', () => {
  // Prepare / Act
  const { stack } = pipelineFixture({ apiKind: WebhookApiKind.HTTP });
  // Assess
  expect(withoutAssetHashes(Template.fromStack(stack).toJSON())).toMatchSnapshot();
});
