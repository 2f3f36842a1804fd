/*
 * The `--resume <token>` an interrupted replay prints: the run (its id and request time, so the
 * resumed sends belong to the same run and collapse with any already sent), the selection it was
 * started with, and per group how many of the group's events were sent (groups are sent in order,
 * so what is done is a prefix). gzip + base64url keeps it one copyable word.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import * as v from 'valibot';
import { REPLAY_RUN_ID_PATTERN } from '../../src/contract';
import { UsageError } from '../options';

const ResumeStateSchema = v.object({
  v: v.literal(1),
  runId: v.pipe(v.string(), v.regex(REPLAY_RUN_ID_PATTERN)),
  requestedAt: v.number(),
  fromMs: v.number(),
  toMs: v.number(),
  groups: v.optional(v.array(v.string())),
  eventIds: v.optional(v.array(v.string())),
  status: v.picklist(['failed', 'completed', 'any']),
  /** The event ids already sent (per group a prefix of its events). */
  sent: v.array(v.string()),
});

export type ResumeState = v.InferOutput<typeof ResumeStateSchema>;

export function encodeResumeToken(state: ResumeState): string {
  return gzipSync(Buffer.from(JSON.stringify(state), 'utf8')).toString('base64url');
}

export function decodeResumeToken(token: string): ResumeState {
  let json: unknown;
  try {
    json = JSON.parse(gunzipSync(Buffer.from(token, 'base64url')).toString('utf8'));
  } catch {
    throw new UsageError('replay: --resume token is not one this CLI printed (copy it whole from the interrupted run\'s output)');
  }
  const parsed = v.safeParse(ResumeStateSchema, json);
  if (!parsed.success) throw new UsageError(`replay: --resume token is damaged or from another version (${parsed.issues[0].message})`);
  return parsed.output;
}
