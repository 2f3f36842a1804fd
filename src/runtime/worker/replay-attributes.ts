/*
 * The message attributes a replay and the ingress's archive support add to a message, read
 * leniently: a malformed attribute is ignored (the event is still processed), never a failure.
 */
import type { SQSMessageAttributes } from 'aws-lambda';
import {
  MESSAGE_ATTRIBUTE_REPLAY_REQUESTED_AT, MESSAGE_ATTRIBUTE_REPLAY_RUN_ID, MESSAGE_ATTRIBUTE_SIGNED_HEADERS, REPLAY_RUN_ID_PATTERN, ReplayRunInfo,
} from '../../contract';
import { parseJson } from '../core/parse-json';

export function replayOf(attributes: SQSMessageAttributes | undefined): ReplayRunInfo | undefined {
  const id = attributes?.[MESSAGE_ATTRIBUTE_REPLAY_RUN_ID]?.stringValue;
  if (id === undefined || !REPLAY_RUN_ID_PATTERN.test(id)) return undefined;
  const requestedAtMs = Number(attributes?.[MESSAGE_ATTRIBUTE_REPLAY_REQUESTED_AT]?.stringValue);
  const requestedAt = Number.isFinite(requestedAtMs) && requestedAtMs > 0 ? new Date(requestedAtMs).toISOString() : new Date(0).toISOString();
  return { id, requestedAt };
}

export function signedHeadersOf(attributes: SQSMessageAttributes | undefined): Record<string, string> | undefined {
  const text = attributes?.[MESSAGE_ATTRIBUTE_SIGNED_HEADERS]?.stringValue;
  if (text === undefined) return undefined;
  const parsed = parseJson(text);
  const value = parsed.ok ? parsed.value : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
