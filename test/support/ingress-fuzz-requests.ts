/*
 * Requests for fuzzing the whole ingress handler: one handler per request over a recording queue,
 * generators of bad (and of correctly signed) requests for every signing scheme, and the check
 * that a rejection is a documented 4xx that enqueued nothing and logged no secret.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import fc from 'fast-check';
import { RecordingQueue } from './recording-queue';
import { NOW_MS, Scheme, SCHEME_NAMES, SCHEMES } from './signing-schemes';
import { StaticSecretSource } from '../../lambda/aws/secret-source';
import { UNAUTHORIZED_MESSAGE } from '../../lambda/core/http-response';
import {
  bodyNotObjectMessage,
  bodyTooLargeMessage,
  INVALID_JSON_MESSAGE,
  requiredFieldsEmptyMessage,
  requiredFieldsMissingMessage,
  UNSUPPORTED_CHARACTERS_MESSAGE,
  UNSUPPORTED_CONTENT_TYPE_MESSAGE,
} from '../../lambda/core/webhook-request';
import { createIngressHandler } from '../../lambda/ingress/ingress-handler';
import { DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_JSON_ELEMENTS, IngressRuntimeConfig } from '../../src/contract';
import { identifierText, sqsIdProblem } from '../../src/runtime/ingest/event-identity';
import { jsonTooDeepMessage, jsonTooManyElementsMessage } from '../../src/runtime/ingest/json-limits';
import { AuditLog } from '../../src/runtime/observability/audit-log';

export const MAX_BODY_BYTES = 2_048;
const REQUIRED = ['/id', '/type'];
const GROUP_POINTER = '/conversation/id';
const ALL_SECRETS = SCHEME_NAMES.flatMap((name) => SCHEMES[name].secrets);

function configFor(scheme: Scheme): IngressRuntimeConfig {
  return {
    queueUrl: 'https://sqs.us-east-2.amazonaws.com/000000000000/fuzz.fifo',
    maxBodyBytes: MAX_BODY_BYTES,
    authentication: scheme.auth,
    eventIdHeaders: scheme.name === 'standard-webhooks' ? ['webhook-id'] : ['x-shopify-webhook-id', 'shopify-webhook-id'],
    eventIdJsonPointer: '/id',
    messageGroupIdJsonPointer: GROUP_POINTER,
    requiredJsonPointers: REQUIRED,
    secretCacheTtlSeconds: 60,
  };
}

/** Every response body a rejection may carry, collected from the modules that write them. */
const DOCUMENTED_BODIES: ReadonlySet<string> = new Set([
  UNAUTHORIZED_MESSAGE,
  UNSUPPORTED_CONTENT_TYPE_MESSAGE,
  bodyTooLargeMessage(MAX_BODY_BYTES),
  INVALID_JSON_MESSAGE,
  UNSUPPORTED_CHARACTERS_MESSAGE,
  ...['null', 'an array', 'a string', 'a number', 'a boolean'].map(bodyNotObjectMessage),
  ...[['/id'], ['/type'], ['/id', '/type']].map(requiredFieldsMissingMessage),
  ...['', 'x'.repeat(129), 'é'].map((id) => `The event id ${sqsIdProblem(id)}`),
  ...['', 'x'.repeat(129), 'é'].map((id) => `The value at ${GROUP_POINTER} ${sqsIdProblem(id)}`),
  ...[['/id'], ['/type'], ['/id', '/type']].map(requiredFieldsEmptyMessage),
  jsonTooDeepMessage(DEFAULT_MAX_JSON_DEPTH),
  jsonTooManyElementsMessage(DEFAULT_MAX_JSON_ELEMENTS),
  ...['/id', GROUP_POINTER].flatMap((pointer) => ['', null, {}, [], true, 1.5].map((value) => {
    const lookup = identifierText(value);
    return lookup.kind === 'unusable' ? `The value at ${pointer} ${lookup.problem}` : '';
  })),
].map((message) => JSON.stringify({ message })));

/** Runs one request through a fresh handler (fresh queue, log and clock). */
export async function deliver(scheme: Scheme, request: Pick<APIGatewayProxyEvent, 'headers' | 'body' | 'isBase64Encoded'>) {
  const queue = new RecordingQueue();
  const logLines: string[] = [];
  const handler = createIngressHandler({
    config: configFor(scheme),
    secrets: new StaticSecretSource(scheme.secrets),
    queue,
    log: new AuditLog('ingress', (line) => logLines.push(line), () => NOW_MS),
    now: () => NOW_MS,
  });
  const event = { ...request, requestContext: { requestId: 'fuzz' } } as unknown as APIGatewayProxyEvent;
  const response = await handler(event);
  return { response, sent: queue.sent, logLines };
}

/** Headers as the Lambda runtime's JSON.parse produces them: `__proto__` is an own property. */
function headerRecord(entries: readonly (readonly [string, string])[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of entries) {
    Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return headers;
}

// ---------- generators ----------

export const validEnvelope = fc.record({
  id: fc.stringMatching(/^evt_[A-Za-z0-9]{1,20}$/),
  type: fc.constantFrom('order.created', 'ticket.updated'),
  conversation: fc.record({ id: fc.stringMatching(/^c[0-9]{1,6}$/) }),
  text: fc.string({ maxLength: 40 }),
}).map((value) => JSON.stringify(value));

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
/** id and type only under prototype-pollution keys: they must not satisfy the required pointers. */
export const pollutionBody = fc.tuple(fc.constantFrom(...POLLUTION_KEYS), fc.constantFrom(...POLLUTION_KEYS), fc.boolean()).map(
  ([outer, inner, nested]) => (nested
    ? `{"${outer}":{"${inner}":{"id":"evt_x","type":"t","polluted":true}},"${inner}":{"polluted":true}}`
    : `{"${outer}":{"id":"evt_x","type":"t","polluted":true},"${inner}":{"prototype":{"polluted":true}}}`),
);

export const deepBody = fc.tuple(fc.integer({ min: 1, max: 3_000 }), fc.boolean()).map(
  ([depth, arrays]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
);

export const hugeText = fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.integer({ min: 500, max: 4_000 })).map(([unit, n]) => unit.repeat(n));

/** A body and whether API Gateway hands it over base64-encoded. */
const anyBody = fc.oneof(
  validEnvelope.map((text) => ({ text, binary: undefined as Uint8Array | undefined })),
  fc.json().map((text) => ({ text, binary: undefined })),
  fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ text, binary: undefined })),
  pollutionBody.map((text) => ({ text, binary: undefined })),
  deepBody.map((text) => ({ text, binary: undefined })),
  hugeText.map((text) => ({ text, binary: undefined })),
  fc.uint8Array({ maxLength: 3_000 }).map((bytes) => ({ text: '', binary: bytes })),
);

/** Mostly JSON types, so most requests get past the screen to the signature check. */
const contentType = fc.oneof(
  { arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/cloudevents+json', 'APPLICATION/JSON'), weight: 8 },
  { arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', ''), weight: 1 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
);

/** Header values that are no signature at all, or only look like one. */
const garbage = fc.oneof(
  fc.string({ maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.stringMatching(/^(sha256=|t=[0-9]{1,12},v1=|v1,)?[A-Za-z0-9+/=]{0,90}$/),
  hugeText,
);

/** Authentication headers that are wrong in some way (never signed with a candidate secret over this request). */
function badAuthHeaders(scheme: Scheme, body: Buffer): fc.Arbitrary<Record<string, string>> {
  const names = [...scheme.auth.headers, 'webhook-id', 'webhook-timestamp', 'x-signature'];
  const wrongSecret = fc.string({ minLength: 1, maxLength: 40 })
    .filter((secret) => !scheme.secrets.includes(secret))
    .map((secret) => scheme.name === 'standard-webhooks' ? `whsec_${Buffer.from(secret).toString('base64')}` : secret);
  return fc.oneof(
    fc.constant({}),
    fc.array(fc.tuple(fc.constantFrom(...names), garbage), { maxLength: 4 }).map((entries) => headerRecord(entries)),
    // well-formed, but with a secret that is not a candidate
    wrongSecret.map((secret) => scheme.sign(body, { secret })),
    // signed with the right secret over other bytes (a shared token does not cover the body)
    ...(scheme.name === 'shared-token' ? [] : [
      fc.uint8Array({ minLength: 1, maxLength: 8 }).map((extra) => scheme.sign(Buffer.concat([body, extra]))),
    ]),
    // a right signature, truncated or with one character changed
    fc.tuple(fc.integer({ min: 1, max: 40 }), fc.boolean()).map(([cut, flip]) => {
      const headers = scheme.sign(body);
      const name = Object.keys(headers).find((key) => /signature|hmac|token/i.test(key))!;
      const value = headers[name];
      const changed = flip
        // '0' <-> '1': a different byte in hex and base64 alike (a case change would not be, in hex)
        ? value.slice(0, -cut) + (value.slice(-cut, -cut + 1 || undefined) === '0' ? '1' : '0') + value.slice(value.length - cut + 1)
        : value.slice(0, Math.max(0, value.length - cut));
      return changed === value ? {} : { ...headers, [name]: changed };
    }),
  );
}

const extraHeaders = fc.array(
  fc.tuple(fc.oneof(fc.constantFrom(...POLLUTION_KEYS, 'content-length', 'x-shopify-webhook-id'), fc.string({ maxLength: 20 })), fc.string({ maxLength: 50 })),
  { maxLength: 4 },
);

/** A complete bad request for one scheme. */
export const badRequest = fc.constantFrom(...SCHEME_NAMES).chain((name) => {
  const scheme = SCHEMES[name];
  return anyBody.chain(({ text, binary }) => {
    const bytes = binary === undefined ? Buffer.from(text, 'utf8') : Buffer.from(binary);
    return fc.record({
      auth: badAuthHeaders(scheme, bytes),
      contentType: fc.option(contentType, { nil: undefined, freq: 10 }),
      extra: extraHeaders,
      base64: binary === undefined ? fc.boolean() : fc.constant(true),
    }).map(({ auth, contentType: type, extra, base64 }) => ({
      scheme,
      request: {
        headers: headerRecord([...extra, ...(type === undefined ? [] : [['Content-Type', type] as const]), ...Object.entries(auth)]),
        body: base64 ? bytes.toString('base64') : text,
        isBase64Encoded: base64,
      },
    }));
  });
});

// ---------- assertions ----------

export function expectRejected(result: Awaited<ReturnType<typeof deliver>>, secrets: readonly string[] = ALL_SECRETS) {
  expect(result.sent).toHaveLength(0);
  expect(result.response.statusCode).toBeGreaterThanOrEqual(400);
  expect(result.response.statusCode).toBeLessThan(500);
  expect(DOCUMENTED_BODIES.has(result.response.body)).toBe(true);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  for (const line of result.logLines) {
    for (const secret of secrets) expect(line.includes(secret)).toBe(false);
  }
}
