/* Runs the CLI in-process with captured output, against the emulators' endpoints. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { main } from '../../cli/ack-fast-webhook';
import { createStateTable, dynamoClient, RunningEmulator, startDynalite, TEST_AWS } from '../support/emulators';

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

export interface StateTableEmulator {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
}

/**
 * Starts dynalite with an empty state table named `tableName` for the calling test file
 * (beforeAll/afterAll); read the fields inside tests, once beforeAll has run.
 */
export function useStateTableEmulator(tableName: string): StateTableEmulator {
  let dynalite: RunningEmulator;
  let client: DynamoDBClient;
  beforeAll(async () => {
    useTestCredentials();
    dynalite = await startDynalite();
    client = dynamoClient(dynalite.endpoint);
    await createStateTable(client, tableName);
  });
  afterAll(async () => {
    client.destroy();
    await dynalite.stop();
  });
  return {
    get endpoint() { return dynalite.endpoint; },
    get client() { return client; },
  };
}
