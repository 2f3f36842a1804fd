/*
 * A loopback fake of Secrets Manager's GetSecretValue (AWS JSON 1.1), enough for the real SDK
 * client: it counts requests so tests can prove caching, and can be told to fail.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { TEST_AWS } from '../../support/emulators';

export interface GetSecretValueRequest {
  readonly SecretId: string;
  readonly VersionStage?: string;
}

export interface SecretsManagerFake {
  readonly endpoint: string;
  /** Every GetSecretValue request received, in order. */
  readonly requests: GetSecretValueRequest[];
  /** Secret strings by version stage; a stage not here answers ResourceNotFoundException. */
  readonly stages: Record<string, string>;
  /** When set, every request answers this HTTP status with an InternalServiceError. */
  failWithStatus?: number;
  client(): SecretsManagerClient;
  stop(): Promise<void>;
}

function reply(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSecretsManagerFake(secretArn: string, stages: Record<string, string>): Promise<SecretsManagerFake> {
  const fake: Omit<SecretsManagerFake, 'endpoint' | 'client' | 'stop'> = { requests: [], stages };
  const server: Server = createServer((request, response) => {
    void readBody(request).then((text) => {
      if (request.method !== 'POST' || request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
        return reply(response, 400, { __type: 'UnknownOperationException', message: 'only GetSecretValue is faked' });
      }
      const input = JSON.parse(text) as GetSecretValueRequest;
      fake.requests.push(input);
      if (fake.failWithStatus !== undefined) {
        return reply(response, fake.failWithStatus, { __type: 'InternalServiceError', message: 'injected failure' });
      }
      const stage = input.VersionStage ?? 'AWSCURRENT';
      const secretString = input.SecretId === secretArn ? fake.stages[stage] : undefined;
      if (secretString === undefined) {
        return reply(response, 400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret value for staging label: " + stage,
        });
      }
      return reply(response, 200, {
        ARN: secretArn,
        Name: 'webhook-signing-key',
        SecretString: secretString,
        VersionId: `version-${stage}`,
        VersionStages: [stage],
        CreatedDate: 1_700_000_000,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, {
    endpoint,
    client: () => new SecretsManagerClient({ ...TEST_AWS, endpoint, maxAttempts: 1 }),
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
}
