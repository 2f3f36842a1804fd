/*
 * The one webhook both implementations receive in every measurement: GitHub-style HMAC-SHA256
 * (hex, `sha256=` prefix) over the raw body, a delivery-id header as the event id, and the
 * repository id as the message group. Names only: no SDK or handler code here.
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hub-signature-256';
export const SIGNATURE_PREFIX = 'sha256=';
export const EVENT_ID_HEADER = 'x-github-delivery';
export const MESSAGE_GROUP_POINTER = '/repository/id';

/** The signing secret of the bench (a constant: it protects nothing). */
export const BENCH_SECRET = 'bench-signing-secret-0123456789abcdef';
export const BENCH_SECRET_ARN = 'arn:aws:secretsmanager:us-east-2:000000000000:secret:bench-webhook-key';
export const BENCH_REGION = 'us-east-2';
export const PROCESSOR_FUNCTION_NAME = 'bench-processor';
/** Idempotency records live as long on both sides (the construct's default idempotencyTtl, 14 days). */
export const IDEMPOTENCY_TTL_SECONDS = 14 * 24 * 3600;

/** Environment variables of the baseline handlers (the common way: one plain variable per setting). */
export const BASELINE_ENV = {
  queueUrl: 'QUEUE_URL',
  secretArn: 'WEBHOOK_SECRET_ARN',
  tableName: 'IDEMPOTENCY_TABLE_NAME',
  processorFunctionName: 'PROCESSOR_FUNCTION_NAME',
  /** Powertools' keyAttr (default 'id'): the end-to-end run shares the local pipeline's table, keyed on 'pk'. */
  tableKeyAttribute: 'IDEMPOTENCY_TABLE_KEY_ATTRIBUTE',
} as const;

/** A realistic ~1.2 KB push-style body for delivery number `n` (`groups` repositories take turns). */
export function webhookBody(n: number, groups: number): string {
  return JSON.stringify({
    action: 'created',
    delivery: n,
    repository: { id: 100_000 + (n % groups), name: `repo-${n % groups}`, full_name: `acme/repo-${n % groups}`, private: false },
    sender: { login: 'octocat', id: 1, type: 'User' },
    comment: {
      id: 9_000_000 + n,
      body: 'Looks good to me. '.repeat(40),
      created_at: '2026-11-24T12:00:00Z',
    },
  });
}

export function signBody(body: string, secret: string = BENCH_SECRET): string {
  return SIGNATURE_PREFIX + createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}
