/*
 * `npx projen release:check`: refuses a release while package.json still carries the placeholder
 * author, e-mail or repository (CONTRIBUTING.md, "Before the first release"), or names a
 * repository the Go module path does not live in.
 */
import { readFileSync } from 'node:fs';

/** Values that stand for "not decided yet" in this repository (see .projenrc.ts). */
const PLACEHOLDER_PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ['author.email', /@example\.(com|org|net)$/i],
  ['author.name', /^ack-fast-webhook-pipeline maintainers$/],
  ['repository.url', /github\.com\/ack-fast-webhook-pipeline\//],
];

interface PackageManifest {
  readonly author?: { readonly name?: string; readonly email?: string };
  readonly repository?: { readonly url?: string };
  readonly jsii?: { readonly targets?: { readonly go?: { readonly moduleName?: string } } };
}

function field(manifest: PackageManifest, name: string): string | undefined {
  const [head, tail] = name.split('.');
  const value = (manifest as Record<string, Record<string, unknown> | undefined>)[head]?.[tail];
  return typeof value === 'string' ? value : undefined;
}

/** What stands in the way of a release; empty when the metadata is real. */
export function releaseMetadataProblems(manifest: PackageManifest): string[] {
  const problems: string[] = [];
  for (const [name, pattern] of PLACEHOLDER_PATTERNS) {
    const value = field(manifest, name);
    if (value === undefined || value.trim() === '') problems.push(`${name} is missing`);
    else if (pattern.test(value)) problems.push(`${name} is the placeholder '${value}'`);
  }
  const repository = field(manifest, 'repository.url')?.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^https:\/\//, '');
  const goModule = manifest.jsii?.targets?.go?.moduleName;
  if (repository !== undefined && goModule !== undefined && !goModule.startsWith(repository.replace(/\/[^/]+$/, '/'))) {
    problems.push(`jsii.targets.go.moduleName '${goModule}' is not under the repository's owner (${repository})`);
  }
  return problems;
}

if (require.main === module) {
  const file = process.argv[2] ?? 'package.json';
  const problems = releaseMetadataProblems(JSON.parse(readFileSync(file, 'utf8')) as PackageManifest);
  if (problems.length > 0) {
    process.stderr.write('release:check: not releasable until .projenrc.ts has the real values (CONTRIBUTING.md, "Before the first release"):\n'
      + problems.map((problem) => `  - ${problem}\n`).join(''));
    process.exit(1);
  }
  process.stdout.write('release:check: author, e-mail and repository are set\n');
}
