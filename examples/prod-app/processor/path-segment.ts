/*
 * A value that goes into one URL path segment of an outbound call (a Richpanel ticket or
 * conversation id). encodeURIComponent alone is not enough: '.' and '..' survive it, and the URL
 * parser then resolves `/tickets/../comments` to `/comments`, another endpoint, with our API key.
 * A value that is a dot segment, holds a path separator, a percent sign (already encoded, or a
 * server could decode %2F) or a control character is refused; anything else is encoded.
 */
import { UnsafePathValueError } from './outbound-errors';

const MAX_SEGMENT_LENGTH = 256;

/** Why `value` must not go into a path segment, or undefined when it may (encoded). */
export function pathSegmentProblem(value: string): string | undefined {
  if (value === '') return 'is empty';
  if (value === '.' || value === '..') return 'is a dot segment';
  if (value.length > MAX_SEGMENT_LENGTH) return `is longer than ${MAX_SEGMENT_LENGTH} characters`;
  if (/[/\\]/.test(value)) return 'contains a path separator';
  if (value.includes('%')) return 'contains a percent sign (percent-encoded text)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return 'contains a control character';
  return undefined;
}

/** `value` as one encoded path segment, or an UnsafePathValueError naming `what` (never the value). */
export function pathSegment(api: string, what: string, value: string): string {
  const problem = pathSegmentProblem(value);
  if (problem !== undefined) throw new UnsafePathValueError(api, what, problem);
  return encodeURIComponent(value);
}
