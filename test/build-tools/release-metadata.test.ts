import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { releaseMetadataProblems } from '../../build-tools/release-metadata';

const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

const real = {
  author: { name: 'Example Corp platform team', email: 'platform@corp.io' },
  repository: { url: 'https://github.com/corp/ack-fast-webhook-pipeline.git' },
  jsii: { targets: { go: { moduleName: 'github.com/corp/ack-fast-webhook-pipeline-go' } } },
};

describe('release:check', () => {
  test('today\'s package.json carries the placeholders, so a release is refused naming each', () => {
    expect(releaseMetadataProblems(pkg)).toEqual([
      'author.email is the placeholder \'maintainers@example.com\'',
      'author.name is the placeholder \'ack-fast-webhook-pipeline maintainers\'',
      `repository.url is the placeholder '${pkg.repository.url}'`,
    ]);
  });

  test('real values pass', () => {
    expect(releaseMetadataProblems(real)).toEqual([]);
  });

  test('a Go module outside the repository\'s owner is refused; missing fields are named', () => {
    expect(releaseMetadataProblems({ ...real, jsii: { targets: { go: { moduleName: 'github.com/other/x-go' } } } }))
      .toEqual(['jsii.targets.go.moduleName \'github.com/other/x-go\' is not under the repository\'s owner (github.com/corp/ack-fast-webhook-pipeline)']);
    expect(releaseMetadataProblems({ repository: real.repository })).toEqual(['author.email is missing', 'author.name is missing']);
  });
});
