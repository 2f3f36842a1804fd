/*
 * A loopback stand-in for Secrets Manager's GetSecretValue (AWS JSON 1.1) holding one secret with
 * one version (AWSCURRENT): what the ingress reads its signing secret from in the local pipeline.
 */
import { createServer, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { readBody } from './lambda-invoke-fake';

export interface LocalSecretsManager {
  readonly endpoint: string;
  stop(): Promise<void>;
}

function reply(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(body));
}

export async function startLocalSecretsManager(secretArn: string, secretString: string): Promise<LocalSecretsManager> {
  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      if (request.method !== 'POST' || request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
        return reply(response, 400, { __type: 'UnknownOperationException', message: 'the local Secrets Manager answers GetSecretValue only' });
      }
      const input = JSON.parse(text) as { SecretId?: string; VersionStage?: string };
      const stage = input.VersionStage ?? 'AWSCURRENT';
      if (input.SecretId !== secretArn || stage !== 'AWSCURRENT') {
        return reply(response, 400, {
          __type: 'ResourceNotFoundException',
          message: `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
        });
      }
      return reply(response, 200, {
        ARN: secretArn, Name: secretArn.split(':').pop(), SecretString: secretString, VersionId: 'local', VersionStages: [stage],
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
