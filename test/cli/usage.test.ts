import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from './harness';
import { REGION_HELP } from '../../cli/options';

describe('usage', () => {
  test('an unknown command exits 2 with one line', async () => {
    // Prepare
    const args = ['frobnicate'];

    // Act
    const result = await runCli(args);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('ack-fast-webhook: unknown command \'frobnicate\' (expected one of status, redrive, replay, pause, resume, capacity; see --help)\n');
  });

  test.each([
    [['status', 'evt-1'], /missing required option --table/],
    [['status', 'a', 'b', '--table', 't'], /expected exactly one <eventId>, or none/],
    [['status', '--table', 't'], /missing required option --mapping-id/],
    [['pause'], /missing required option --mapping-id/],
    [['resume', '--mapping-id', 'm'], /give --alarm-names .*or --keep-alarm-actions/],
    [['pause', '--mapping-id', 'm', '--keep-alarm-actions', '--wait-seconds', 'soon'], /--wait-seconds must be a positive number/],
    [['replay', 'evt-1', '--force'], /missing required option --table/],
    [['redrive', '--queue-url', 'q'], /missing required option --dlq-url/],
    [['status', 'evt-1', '--table', 't', '--bogus'], /Unknown option '--bogus'/],
    [['redrive', '--dlq-url', 'd', '--queue-url', 'q', '--max', '1.5'], /--max must be a positive integer/],
    [['redrive', '--dlq-url', 'd', '--queue-url', 'q', '--method', 'fast'], /--method must be one of auto, move-task, loop, got 'fast'/],
    [['redrive', '--dlq-url', 'd', '--queue-url', 'q', '--method', 'move-task', '--max', '2'], /--method move-task cannot honour --max given .*; use --method loop/],
    [['redrive', '--dlq-url', 'd', '--queue-url', 'q', '--method', 'move-task', '--rate', '0.5'], /--method move-task cannot honour --rate 0\.5 is not a whole number/],
    [['redrive', '--dlq-url', 'd', '--queue-url', 'q', '--poll-seconds', '0'], /--poll-seconds must be a positive number/],
    [['redrive', '--dlq-url', 'd', '--pipeline', 'P'], /--stack and --pipeline choose within --outputs FILE; add --outputs/],
  ])('%j exits 2 with a one-line message', async (args, message) => {
    // Prepare
    const argv = args as string[];

    // Act
    const result = await runCli(argv);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  test.each(['status', 'redrive', 'replay'])('%s --help prints its usage and exits 0', async (command) => {
    // Prepare
    const args = [command, '--help'];

    // Act
    const result = await runCli(args);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: ack-fast-webhook ${command}`);
  });

  test('the top-level help and every AWS command\'s help state the same region rule; capacity makes no AWS call', async () => {
    // Prepare
    const commands = ['status', 'redrive', 'replay'];

    // Act
    const top = await runCli(['--help']);
    const helps = await Promise.all(commands.map((command) => runCli([command, '--help'])));
    const capacity = await runCli(['capacity', '--help']);

    // Assess
    expect(REGION_HELP).toMatch(/^Region: --region R, else the region in the pipeline's queue URL/);
    expect(top.stdout).toContain(REGION_HELP);
    helps.forEach((help) => expect(help.stdout).toContain(REGION_HELP));
    expect(top.stdout).toContain('capacity makes no AWS call');
    expect(capacity.stdout).toContain('No AWS call is made.');
  });

  test('redrive --help names both methods; replay --help says it re-runs an effect', async () => {
    // Prepare
    // Act
    const redrive = await runCli(['redrive', '--help']);
    const replay = await runCli(['replay', '--help']);

    // Assess
    expect(redrive.stdout).toContain('StartMessageMoveTask');
    expect(redrive.stdout).toMatch(/--method M\s+auto, move-task or loop/);
    expect(replay.stdout).toContain('RE-RUNS AN EFFECT');
  });
});

describe('bundled CLI', () => {
  const root = path.join(__dirname, '..', '..');
  // Where the projen bundle task writes the CLI (read from the task, so the test follows it).
  const tasks = JSON.parse(readFileSync(path.join(root, '.projen', 'tasks.json'), 'utf8'));
  const outfileArg: string | undefined = tasks.tasks['bundle:cli/ack-fast-webhook']?.steps?.[0]?.execArgs
    ?.find((arg: string) => arg.startsWith('--outfile='));
  const bundle = outfileArg ? path.join(root, outfileArg.slice('--outfile='.length)) : undefined;

  test('builds and prints its usage with --help, exit 0', () => {
    // Prepare
    expect(bundle).toBeDefined();
    execFileSync('npx', ['projen', 'bundle:cli/ack-fast-webhook'], { cwd: root, stdio: 'pipe' });
    expect(existsSync(bundle!)).toBe(true);

    // Act
    const result = spawnSync(process.execPath, [bundle!, '--help'], { encoding: 'utf8' });

    // Assess
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: ack-fast-webhook <command>');
  });

  test('is what the package\'s `ack-fast-webhook` bin points at', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(path.join(root, pkg.bin['ack-fast-webhook'])).toBe(bundle);
  });

  test('exits 2 on an unknown command', () => {
    // Prepare (the test task bundles before jest runs)
    expect(existsSync(bundle!)).toBe(true);

    // Act
    const result = spawnSync(process.execPath, [bundle!, 'nope'], { encoding: 'utf8' });

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command');
  });
});
