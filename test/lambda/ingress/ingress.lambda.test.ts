import type { APIGatewayProxyEvent } from 'aws-lambda';
import { INGRESS_CONFIG_ENV } from '../../../src/contract';
import { hexHmacIngressConfig } from '../../support/ingress-runtime-config';

const CONFIG = hexHmacIngressConfig();

/** Loads the entry point afresh with `env` as its environment. */
function loadEntryPoint(env: Record<string, string | undefined>) {
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_REGION: 'us-east-2', AWS_EC2_METADATA_DISABLED: 'true' }, env);
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  try {
    let entryPoint: typeof import('../../../lambda/ingress/ingress.lambda') | undefined;
    jest.isolateModules(() => {
      entryPoint = jest.requireActual('../../../lambda/ingress/ingress.lambda');
    });
    return entryPoint!;
  } finally {
    process.env = saved;
  }
}

describe('ingress.lambda entry point', () => {
  test('builds the handler from the configuration in the environment', async () => {
    // Prepare
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const { handler } = loadEntryPoint({ [INGRESS_CONFIG_ENV]: JSON.stringify(CONFIG) });
    const event = { headers: { 'content-type': 'text/plain' }, body: 'x', isBase64Encoded: false } as unknown as APIGatewayProxyEvent;

    // Act
    const response = await handler(event);
    const lines = write.mock.calls.map(([chunk]) => String(chunk));
    write.mockRestore();

    // Assess
    expect(response.statusCode).toBe(415);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ component: 'ingress', reason: 'unsupported_content_type', statusCode: 415 });
  });

  test('fails the cold start, naming the variable, when the configuration is missing', () => {
    // Prepare
    const env = { [INGRESS_CONFIG_ENV]: undefined };

    // Act
    const load = () => loadEntryPoint(env);

    // Assess
    expect(load).toThrow(/ACK_FAST_INGRESS_CONFIG is not set/);
  });
});
