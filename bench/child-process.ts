/*
 * Running a probe in a fresh `node` process and reading back its one result. Handlers log to
 * stdout (as on Lambda), so results travel another way: a marked line on stderr for `node -e`
 * probes, the IPC channel for forked ones.
 */
import { fork, spawn } from 'node:child_process';

export const RESULT_MARKER = 'BENCH_RESULT ';

function lastResult<T>(stderr: string): T | undefined {
  const line = stderr.split('\n').reverse().find((candidate) => candidate.startsWith(RESULT_MARKER));
  return line === undefined ? undefined : JSON.parse(line.slice(RESULT_MARKER.length)) as T;
}

/** `node -e <script>` with exactly `env`; resolves with the JSON the script wrote after RESULT_MARKER on stderr. */
export function runNodeScript<T>(script: string, env: Record<string, string>): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const result = lastResult<T>(stderr);
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`probe exited with code ${code} and no result: ${stderr.slice(-2000)}`));
    });
  });
}

/**
 * Forks a bundled probe with `env` (its input in BENCH_PROBE_INPUT) and resolves with the first
 * message it sends. The handler's log lines go to /dev/null, as cheap a sink as Lambda's.
 */
export function runProbe<T>(probeFile: string, env: Record<string, string>, input: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(probeFile, [], {
      env: { ...env, BENCH_PROBE_INPUT: JSON.stringify(input) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      execArgv: process.env.BENCH_PROBE_EXEC_ARGV ? process.env.BENCH_PROBE_EXEC_ARGV.split(' ') : [],
    });
    let stderr = '';
    let result: T | undefined;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('message', (message) => {
      result = message as T;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`probe ${probeFile} exited with code ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

/** The probe side: its input, and how it hands back its result (then exits). */
export function probeInput<T>(): T {
  const text = process.env.BENCH_PROBE_INPUT;
  if (!text) throw new Error('BENCH_PROBE_INPUT is not set: probes are started by bench/run.ts, not by hand');
  return JSON.parse(text) as T;
}

export function sendProbeResult(result: object): void {
  process.send!(result, () => process.exit(0));
}
