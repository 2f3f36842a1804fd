/*
 * A loopback fake of the two AWS APIs pause/resume use, enough for the real SDK clients: Lambda's
 * GetEventSourceMapping / UpdateEventSourceMapping (REST JSON under /2015-03-31/event-source-mappings/)
 * and CloudWatch's DescribeAlarms / DisableAlarmActions / EnableAlarmActions (AWS JSON 1.0,
 * X-Amz-Target GraniteServiceVersion20100801.*). There is no emulator of either. As Lambda does, a
 * mapping passes through Disabling / Enabling, here for `transitionReads` reads.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface PauseFakeCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

export interface PauseFakeOptions {
  readonly mappingId: string;
  readonly alarmNames: readonly string[];
  /** GetEventSourceMapping reads that still report Disabling/Enabling after an update. @default 1 */
  readonly transitionReads?: number;
}

export interface PauseFake {
  readonly endpoint: string;
  readonly calls: PauseFakeCall[];
  /** Enabled / Disabled / Enabling / Disabling. */
  mappingState(): string;
  alarmActionsEnabled(name: string): boolean | undefined;
  stop(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function reply(response: ServerResponse, status: number, contentType: string, body: object, errorType?: string): void {
  response.writeHead(status, { 'Content-Type': contentType, ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}) });
  response.end(JSON.stringify(body));
}

export async function startPauseFake(options: PauseFakeOptions): Promise<PauseFake> {
  const calls: PauseFakeCall[] = [];
  let enabled = true;
  let transitionLeft = 0;
  const actions = new Map(options.alarmNames.map((name) => [name, true]));
  const state = () => (transitionLeft > 0 ? (enabled ? 'Enabling' : 'Disabling') : (enabled ? 'Enabled' : 'Disabled'));
  const mapping = () => ({ UUID: options.mappingId, State: state(), BatchSize: 10, EventSourceArn: 'arn:aws:sqs:us-east-2:111111111111:q.fifo' });

  function lambda(method: string, path: string, input: Record<string, unknown>, response: ServerResponse): void {
    const match = /^\/2015-03-31\/event-source-mappings\/([^/?]+)$/.exec(path);
    const json = 'application/json';
    const operation = method === 'GET' ? 'GetEventSourceMapping' : 'UpdateEventSourceMapping';
    calls.push({ operation, input: { UUID: match ? decodeURIComponent(match[1]) : path, ...input } });
    if (!match || decodeURIComponent(match[1]) !== options.mappingId) {
      return reply(response, 404, json, { Type: 'User', message: 'The resource you requested does not exist.' }, 'ResourceNotFoundException');
    }
    if (method === 'GET') {
      const body = mapping();
      if (transitionLeft > 0) transitionLeft -= 1;
      return reply(response, 200, json, body);
    }
    if (typeof input.Enabled === 'boolean' && input.Enabled !== enabled) {
      enabled = input.Enabled;
      transitionLeft = options.transitionReads ?? 1;
    }
    // Lambda answers 202 with the mapping while it changes.
    return reply(response, 202, json, mapping());
  }

  function cloudwatch(target: string, input: Record<string, unknown>, response: ServerResponse): void {
    const operation = target.replace(/^GraniteServiceVersion20100801\./, '');
    calls.push({ operation, input });
    const json = 'application/x-amz-json-1.0';
    const names = (input.AlarmNames as string[] | undefined) ?? [];
    switch (operation) {
      case 'DescribeAlarms':
        return reply(response, 200, json, {
          MetricAlarms: names.filter((name) => actions.has(name)).map((name) => ({ AlarmName: name, ActionsEnabled: actions.get(name), StateValue: 'OK' })),
        });
      case 'DisableAlarmActions':
      case 'EnableAlarmActions':
        // CloudWatch ignores names it does not know; the CLI checks them with DescribeAlarms first.
        names.filter((name) => actions.has(name)).forEach((name) => actions.set(name, operation === 'EnableAlarmActions'));
        return reply(response, 200, json, {});
      default:
        return reply(response, 400, json, { __type: 'InvalidAction', message: `the fake does not implement ${operation}` });
    }
  }

  const server: Server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const input = text === '' ? {} : JSON.parse(text) as Record<string, unknown>;
      const target = String(request.headers['x-amz-target'] ?? '');
      if (target.startsWith('GraniteServiceVersion20100801.')) return cloudwatch(target, input, response);
      return lambda(request.method ?? 'GET', (request.url ?? '').split('?')[0], input, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    mappingState: state,
    alarmActionsEnabled: (name) => actions.get(name),
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
