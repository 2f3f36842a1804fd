/*
 * The `--resume <token>` an interrupted replay prints: the run (its id and request time, so the
 * resumed sends belong to the same run and collapse with any already sent), the selection it was
 * started with, and how far it got (cli/replay/replay-progress.ts: the last group started and
 * the groups in flight, never a list of every event sent). gzip + base64url keeps it one
 * copyable word of a few hundred bytes; a shell refuses an argument over 128 KiB.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import * as v from 'valibot';
import { REPLAY_RUN_ID_PATTERN } from '../../src/contract';
import { UsageError } from '../options';
import { ReplayProgress } from './replay-progress';

const TOKEN_VERSION = 2;

const ProgressSchema = v.object({
  through: v.optional(v.string()),
  open: v.record(v.string(), v.object({ receivedAt: v.optional(v.number()), sentIds: v.array(v.string()) })),
  sentCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

const ResumeStateSchema = v.object({
  v: v.literal(TOKEN_VERSION),
  runId: v.pipe(v.string(), v.regex(REPLAY_RUN_ID_PATTERN)),
  requestedAt: v.number(),
  fromMs: v.number(),
  toMs: v.number(),
  groups: v.optional(v.array(v.string())),
  eventIds: v.optional(v.array(v.string())),
  status: v.picklist(['failed', 'completed', 'any']),
  progress: ProgressSchema,
});

export type ResumeState = Omit<v.InferOutput<typeof ResumeStateSchema>, 'progress'> & { readonly progress: ReplayProgress };

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
  const version = (json as { v?: unknown } | null)?.v;
  if (typeof version === 'number' && version !== TOKEN_VERSION) {
    throw new UsageError(`replay: this --resume token is from another version of the CLI (token v${version}, this CLI reads v${TOKEN_VERSION}): `
      + 'resume it with the CLI version that printed it, or start a new run with --from/--to');
  }
  const parsed = v.safeParse(ResumeStateSchema, json);
  if (!parsed.success) throw new UsageError(`replay: --resume token is damaged or from another version (${parsed.issues[0].message})`);
  return parsed.output;
}
