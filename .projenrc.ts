import { awscdk, javascript, release } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

/** One place for the CDK floor: the newest aws-cdk-lib the offline toolchain reads (see docs/). */
const CDK_VERSION = '2.257.0';
const CONSTRUCTS_VERSION = '10.5.1';
/** Replace all three before the first release (CONTRIBUTING.md, "Before the first release"). */
const PLACEHOLDER_AUTHOR = 'ack-fast-webhook-pipeline maintainers';
const PLACEHOLDER_AUTHOR_ADDRESS = 'maintainers@example.com';
const PLACEHOLDER_REPOSITORY_URL = 'https://github.com/ack-fast-webhook-pipeline/ack-fast-webhook-pipeline.git';
/** The Lambda runtime of every shipped handler; esbuild targets the same Node version. */
const HANDLER_RUNTIME = awscdk.LambdaRuntime.NODEJS_24_X;

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'ack-fast-webhook-pipeline',
  description:
    'AWS CDK L3 construct: a webhook pipeline that ACKs in milliseconds (API Gateway → Lambda → SQS FIFO → worker), with idempotency, ordering, backpressure and alarms.',
  // Construct Hub lists packages with the `awscdk` keyword.
  keywords: ['awscdk', 'aws-cdk', 'cdk', 'construct', 'webhook', 'sqs', 'fifo', 'idempotency', 'lambda', 'api-gateway'],
  // Placeholders until the project has its public home: CONTRIBUTING.md says how they are replaced,
  // and `npx projen release:check` refuses to release while any is left.
  author: PLACEHOLDER_AUTHOR,
  authorAddress: PLACEHOLDER_AUTHOR_ADDRESS,
  repositoryUrl: PLACEHOLDER_REPOSITORY_URL,
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  cdkVersion: CDK_VERSION,
  constructsVersion: CONSTRUCTS_VERSION,
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.0',
  // Consumers (synth, lib/runtime, the CLI): the maintained Node.js LTS lines. Development runs
  // on Node 24 from the `node` devDependency below (npm scripts and projen tasks find it first).
  minNodeVersion: '22.0.0',

  // No hosted CI here: .ci/run is the CI entry point. Releases are versioned from the
  // conventional commits (feat → minor, fix → patch, `!` → major) with a generated changelog
  // (`npx projen release` writes dist/changelog.md, dist/version.txt and the tarball in dist/js);
  // publishing is a manual step where the registries' credentials exist (see CONTRIBUTING.md).
  github: false,
  release: true,
  releaseTrigger: release.ReleaseTrigger.manual(),
  majorVersion: 0,
  releaseToNpm: false,
  npmignoreEnabled: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  publishToPypi: {
    distName: 'ack-fast-webhook-pipeline',
    module: 'ack_fast_webhook_pipeline',
  },
  publishToMaven: {
    javaPackage: 'io.github.ackfastwebhookpipeline',
    mavenGroupId: 'io.github.ackfastwebhookpipeline',
    mavenArtifactId: 'ack-fast-webhook-pipeline',
  },
  publishToNuget: {
    dotNetNamespace: 'AckFastWebhookPipeline',
    packageId: 'AckFastWebhookPipeline',
  },
  publishToGo: {
    moduleName: 'github.com/ack-fast-webhook-pipeline/ack-fast-webhook-pipeline-go',
  },

  // Handler-only packages: bundled into assets/ by esbuild, never runtime deps of the library.
  devDeps: [
    // Node 24 for every npm script and projen task (node_modules/.bin/node comes first on their
    // PATH); its install script fetches the platform's binary, allowed by `allowScripts` below.
    'node@^24',
    '@aws-sdk/client-dynamodb@^3',
    '@aws-sdk/client-firehose@^3',
    '@aws-sdk/client-s3@^3',
    '@aws-sdk/client-lambda@^3',
    // cli/ only (pause / resume silence the backlog alarms), bundled into the CLI.
    '@aws-sdk/client-cloudwatch@^3',
    '@aws-sdk/client-secrets-manager@^3',
    '@aws-sdk/client-sqs@^3',
    // The handlers' only credential provider (Lambda's environment variables): see handlerBundling.
    '@aws-sdk/credential-provider-env@^3',
    '@types/aws-lambda@^8',
    'valibot@^1',
    'aws-cdk@^2.1148.0',
    'cdk-nag@^2',
    'dynalite@^4',
    // fauxqs 2.x needs Node >= 22.5: the tests run on the Node 24 above.
    'fauxqs@^2.4.1',
    'fast-check@^4',
    // bench/ only: the Powertools + middy baseline the benchmark compares against (never shipped).
    '@aws-lambda-powertools/logger@^2',
    '@aws-lambda-powertools/parser@^2',
    '@aws-lambda-powertools/idempotency@^2',
    '@aws-lambda-powertools/batch@^2',
    '@aws-sdk/lib-dynamodb@^3',
    '@middy/core@^6',
    'zod@^4',
    // test/local/inspector only: drives Debian's /usr/bin/chromium (never downloads a browser).
    'playwright-core@^1',
    // test/docs only: every mermaid block in docs/ and the README parses (GitHub renders nothing for one that does not).
    'mermaid@^11',
    'jsdom@^25',
  ],

  lambdaAutoDiscover: false,
  lambdaOptions: { runtime: HANDLER_RUNTIME },

  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testTimeout: 30_000,
    },
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['.projenrc.ts', 'src/**/*.ts', 'cli/**/*.ts', 'test/**/*.ts', 'lambda/**/*.ts', 'examples/**/*.ts', 'build-tools/**/*.ts', 'local/**/*.ts', 'bench/**/*.ts'],
    compilerOptions: {},
  },
  eslintOptions: {
    dirs: ['src'],
    // One tsconfig (tsconfig.dev.json) covers src, test, lambda and examples; the project service would
    // pick the jsii tsconfig.json (src only) for every file.
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
    devdirs: ['test', 'lambda', 'cli', 'examples', 'build-tools', 'local', 'bench'],
  },
  gitignore: ['cdk.out', '/assets/', '.local/', 'test-reports/', '/bench/results/', '.jsii.tabl.json', '/test-artifacts/'],
});
// npm 11 runs no dependency's install script unless allowed: only `node`'s (it links the binary).
project.package.addField('allowScripts', { node: true });

// What the npm tarball holds (an allow-list; README.md, LICENSE and package.json always go in):
// the jsii output and assembly, the pre-built handler and CLI bundles, and the documentation
// (which `capacity --sample` reads its heatmap from). Never tests, local/, bench/ or build-tools/.
project.package.addField('files', ['lib/**/*.js', 'lib/**/*.d.ts', '.jsii', 'assets/', 'docs/', 'API.md', 'CHANGELOG.md']);

// `lib/runtime` (the rate limiter, the enqueuer and the sweep handler) needs the DynamoDB and SQS
// clients and valibot at run time. The Lambda Node.js runtime provides the clients; elsewhere
// (tests, scripts) they must be installed. jsii accepts no non-jsii peer dependency, so they are
// optional dependencies: npm installs them by default, `--omit=optional` leaves them out, and the
// construct itself never loads them.
project.package.addField('optionalDependencies', { '@aws-sdk/client-dynamodb': '^3', '@aws-sdk/client-firehose': '^3', '@aws-sdk/client-sqs': '^3', 'valibot': '^1' });

// Handlers live in lambda/ (outside the jsii source root); each gets a generated, committed
// construct under src/functions/ that points at its pre-built bundle in assets/.
// `minify` is an esbuild option projen passes through although BundlingOptions does not declare it.
// The SDK clients' default credential chain (SSO, INI, STS, IMDS... and the nested clients they
// use) is a fifth of the ingress bundle and parsed at every cold start; Lambda hands a function its
// role's credentials in environment variables only, so the bundles get the environment provider alone.
const handlerBundling = {
  externals: [] as string[],
  minify: true,
  sourcemap: false,
  esbuildArgs: {
    '--alias:@aws-sdk/credential-provider-node': './lambda/aws/lambda-credentials.ts',
    // The SDK's HTTP/2 handler is never used; node:http2 is loaded on first use, not at every cold start.
    '--alias:node:http2': './lambda/aws/lazy-http2.ts',
    // The SDK packages' ES module builds, which esbuild can tree-shake: the commands a handler never
    // sends (ListQueues, RotateSecret, ...) and their schemas are left out, not parsed at every cold start.
    '--main-fields': 'module,main',
  },
};
for (const handler of ['ingress', 'worker']) {
  new awscdk.LambdaFunction(project, {
    entrypoint: `lambda/${handler}/${handler}.lambda.ts`,
    constructFile: `src/functions/${handler}-function.ts`,
    runtime: HANDLER_RUNTIME,
    bundlingOptions: handlerBundling,
    cdkDeps: project.cdkDeps,
  });
}

// The operability CLI ships pre-bundled too (`npx ack-fast-webhook <command>`).
project.bundler.addBundle('cli/ack-fast-webhook.ts', {
  platform: 'node',
  target: 'node22',
  outfile: 'index.js',
  minify: true,
  executable: true,
  externals: [],
  tsconfigPath: 'tsconfig.dev.json',
});
project.addBins({ 'ack-fast-webhook': 'assets/cli/ack-fast-webhook/index.js' });

// A fresh clone must be able to run the tests: the construct tests need the bundles.
const bundleTask = project.tasks.tryFind('bundle');
if (bundleTask) {
  project.testTask.prependSpawn(bundleTask);
}

project.addTask('example:synth', {
  description: 'Synthesizes examples/prod-app (all stages) into examples/prod-app/cdk.out',
  cwd: 'examples/prod-app',
  env: {
    CDK_DISABLE_VERSION_CHECK: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'us-east-2',
  },
  steps: [
    { spawn: 'bundle' },
    { exec: 'npx cdk synth --quiet' },
    { say: 'Templates written to examples/prod-app/cdk.out' },
  ],
});

// The whole pipeline on loopback (dynalite + fauxqs + the real handlers): see docs/Local_Development.md.
project.addTask('local', {
  description: 'Runs the whole pipeline on 127.0.0.1 with the example app\'s processor (Ctrl-C stops it)',
  steps: [
    { spawn: 'bundle' },
    { exec: 'ts-node --transpile-only -P tsconfig.dev.json local/main.ts', receiveArgs: true },
  ],
});

// Never part of `test`: prints a comparison table and writes bench/results/*.json (docs/Performance.md).
project.addTask('bench', {
  description: 'Benchmarks our handlers against a Powertools + middy baseline (bundle, cold init, latency, CPU, cost)',
  steps: [
    { spawn: 'bundle' },
    { exec: 'ts-node --transpile-only -P tsconfig.dev.json bench/run.ts', receiveArgs: true },
  ],
});

// `build` packages JavaScript only: the Python/Java/.NET/Go packagers need registries and
// toolchains this project cannot assume (run `npx projen package-all` where they exist).
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);

// Releases: refuse while the placeholders are in package.json; tag locally, never push from a task.
const releaseCheck = project.addTask('release:check', {
  description: 'Fails while package.json has the placeholder author, e-mail or repository (CONTRIBUTING.md)',
  exec: 'ts-node --transpile-only -P tsconfig.dev.json build-tools/release-metadata.ts package.json',
});
project.tasks.tryFind('release')?.prependSpawn(releaseCheck);
const publishGit = project.tasks.tryFind('publish:git');
if (publishGit) {
  publishGit.reset();
  publishGit.builtin('release/update-changelog');
  publishGit.builtin('release/tag-version');
  publishGit.say('Tagged locally; push with `git push --follow-tags origin main`, then publish dist/js (CONTRIBUTING.md).');
}

// The library as a new user gets it (CI): build-tools/consumer-smoke.ts. Needs compile + bundle first.
project.addTask('smoke:consumer', {
  description: 'Packs the tarball and builds, synthesizes and cdk-nags a fresh CDK app from the README quick start (floor and newest aws-cdk-lib)',
  env: { CDK_DISABLE_VERSION_CHECK: '1', AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'us-east-2' },
  exec: 'ts-node --transpile-only -P tsconfig.dev.json build-tools/consumer-smoke.ts',
});

// Python, Java, C# and Go users read the README and API.md examples translated by jsii-rosetta;
// strict: every TypeScript example must compile (rosetta/default.ts-fixture gives their context).
project.addTask('rosetta:extract', {
  description: 'Compiles and translates every README/API.md TypeScript example with jsii-rosetta (strict); needs compile first',
  exec: 'jsii-rosetta extract --strict',
});

project.addTask('jsii:targets', {
  description: 'Generates the Python, Java, .NET and Go bindings (code only, offline) to catch multi-language problems',
  exec: 'jsii-pacmak --code-only --target python --target java --target dotnet --target go -o dist/code-only',
});

project.synth();
