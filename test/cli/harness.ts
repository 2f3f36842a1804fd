/* Runs the CLI in-process with captured output, against the emulators' endpoints. */
import { main } from '../../cli/ack-fast-webhook';
import { TEST_AWS } from '../support/emulators';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI reads credentials from the standard AWS environment; the emulators accept any. */
export function useTestCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = TEST_AWS.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_AWS.credentials.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

export async function runCli(argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
  });
  return { code, stdout, stderr };
}
