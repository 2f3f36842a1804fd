/*
 * A loopback stand-in for Secrets Manager's GetSecretValue (AWS JSON 1.1) holding one secret:
 * what the ingress reads its signing secret from in the local pipeline, and what the tests read
 * through the real SDK client. It records every request (to prove caching), holds one string per
 * version stage with the version's CreatedDate (rotation: `rotate`, or change or add AWSPREVIOUS /
 * AWSCURRENT by hand) and can be told to fail, for every request or for one stage.
 */
import { createServer, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LOCAL_AWS } from './emulators';
import { readBody } from './lambda-invoke-fake';

export interface GetSecretValueRequest {
  readonly SecretId: string;
  readonly VersionStage?: string;
}

export interface LocalSecretsManager {
  readonly endpoint: string;
  /** Every GetSecretValue request received, in order. */
  readonly requests: GetSecretValueRequest[];
  /** Secret strings by version stage; a stage not here answers ResourceNotFoundException. */
  readonly stages: Record<string, string>;
  /** CreatedDate (epoch ms) of each stage's version; a stage not here reports the time the fake started. */
  readonly createdDates: Record<string, number>;
  /** When set, every request answers this HTTP status with an InternalServiceError. */
  failWithStatus?: number;
  /** Per version stage: requests for that stage answer this HTTP status (e.g. AWSPREVIOUS throttled). */
  readonly failStageWithStatus: Record<string, number>;
  /** What a rotation does: AWSCURRENT becomes AWSPREVIOUS, `value` the new AWSCURRENT, created at `createdAt` (epoch ms). */
  rotate(value: string, createdAt: number): void;
  /** A client for this endpoint that does not retry (an injected failure reaches the caller at once). */
  client(): SecretsManagerClient;
  stop(): Promise<void>;
}

function reply(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(body));
}

/** Serves `secretArn`; `secret` is its AWSCURRENT string, or its strings by version stage. */
export async function startLocalSecretsManager(secretArn: string, secret: string | Readonly<Record<string, string>>): Promise<LocalSecretsManager> {
  const startedAt = Date.now();
  const state: Pick<LocalSecretsManager, 'requests' | 'stages' | 'createdDates' | 'failWithStatus' | 'failStageWithStatus' | 'rotate'> = {
    requests: [],
    stages: typeof secret === 'string' ? { AWSCURRENT: secret } : { ...secret },
    createdDates: {},
    failStageWithStatus: {},
    rotate(value, createdAt) {
      if (this.stages.AWSCURRENT !== undefined) {
        this.stages.AWSPREVIOUS = this.stages.AWSCURRENT;
        this.createdDates.AWSPREVIOUS = this.createdDates.AWSCURRENT ?? startedAt;
      }
      this.stages.AWSCURRENT = value;
      this.createdDates.AWSCURRENT = createdAt;
    },
  };
  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      if (request.method !== 'POST' || request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
        return reply(response, 400, { __type: 'UnknownOperationException', message: 'the local Secrets Manager answers GetSecretValue only' });
      }
      const input = JSON.parse(text) as GetSecretValueRequest;
      state.requests.push(input);
      if (state.failWithStatus !== undefined) {
        return reply(response, state.failWithStatus, { __type: 'InternalServiceError', message: 'injected failure' });
      }
      if (input.SecretId !== secretArn) {
        return reply(response, 400, { __type: 'ResourceNotFoundException', message: 'Secrets Manager can\'t find the specified secret.' });
      }
      const stage = input.VersionStage ?? 'AWSCURRENT';
      const stageFailure = state.failStageWithStatus[stage];
      if (stageFailure !== undefined) {
        return reply(response, stageFailure, { __type: stageFailure === 400 ? 'ThrottlingException' : 'InternalServiceError', message: 'injected failure' });
      }
      const secretString = state.stages[stage];
      if (secretString === undefined) {
        return reply(response, 400, {
          __type: 'ResourceNotFoundException',
          message: `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
        });
      }
      return reply(response, 200, {
        ARN: secretArn,
        Name: secretArn.split(':').pop(),
        SecretString: secretString,
        VersionId: `local-${stage}`,
        VersionStages: [stage],
        // AWS JSON 1.1 timestamps are epoch seconds.
        CreatedDate: (state.createdDates[stage] ?? startedAt) / 1000,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    endpoint,
    client: () => new SecretsManagerClient({ ...LOCAL_AWS, endpoint, maxAttempts: 1 }),
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
}
