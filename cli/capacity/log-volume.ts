/*
 * CloudWatch Logs bytes per webhook, as the deployed pipeline writes them at its default levels
 * (application INFO, system WARN: Lambda writes no START/END/REPORT lines). Each figure is measured, and
 * test/cli/capacity-log-bytes.test.ts measures it again from the code: it runs the bundled
 * handlers through the local pipeline and renders the access log formats of the synthesized
 * templates, and fails when a figure here drifts from what the code writes.
 */
import type { ApiKind } from './cost-lines';

/** One event's lines from the handlers, one event per worker invocation (the sparse-traffic case). */
export const MEASURED_HANDLER_LOG_BYTES = {
  /** The ingress's one audit line ("webhook accepted"); an accepted request writes no EMF line. */
  ingress: 325,
  /** The worker's one audit line ("event processed") and its invocation's EMF line (EndToEndLatency; EventAge only once an event is a second old). */
  worker: 490,
} as const;

/** One access log line of the stage, per API kind (src/private/access-log-format.ts). */
export const ACCESS_LOG_BYTES: Readonly<Record<ApiKind, number>> = { REST: 162, HTTP: 163 };

/** The handlers' bytes per event: the default of --log-bytes-per-event. */
export const HANDLER_LOG_BYTES_PER_EVENT = MEASURED_HANDLER_LOG_BYTES.ingress + MEASURED_HANDLER_LOG_BYTES.worker;

/** What API Gateway writes for each $context variable of a typical accepted webhook ('-' for one it leaves empty). */
const SAMPLE_CONTEXT: Readonly<Record<string, string>> = {
  'requestId': '3f1d2c4b-8a9e-4f7b-b6d5-0c1e2a3b4c5d',
  'identity.sourceIp': '203.0.113.45',
  'identity.user': '-',
  'identity.caller': '-',
  'requestTime': '02/Dec/2026:22:01:32 +0000',
  'httpMethod': 'POST',
  'resourcePath': '/webhook',
  'routeKey': 'POST /webhook',
  'status': '200',
  'protocol': 'HTTP/1.1',
  'responseLength': '26',
  'responseLatency': '12',
  'integrationLatency': '10',
};

/** An access log line rendered from a stage's format with the sample values (bytes, UTF-8). */
export function renderedAccessLogBytes(format: string): number {
  const line = format.replace(/\$context\.([A-Za-z.]+[A-Za-z])/g, (_match, name: string) => SAMPLE_CONTEXT[name] ?? '-');
  return Buffer.byteLength(line);
}
