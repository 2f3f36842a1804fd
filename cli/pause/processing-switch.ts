/*
 * Pause / resume: the worker's SQS event source mapping disabled or enabled
 * (UpdateEventSourceMapping Enabled=false/true; the queue keeps every message, the ingress keeps
 * ACKing and queueing), and the actions of the backlog alarms switched off and on with it, since a
 * paused pipeline's backlog grows by design.
 */
import { DisableAlarmActionsCommand, CloudWatchClient, DescribeAlarmsCommand, EnableAlarmActionsCommand } from '@aws-sdk/client-cloudwatch';
import { GetEventSourceMappingCommand, LambdaClient, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { CommandError } from '../options';

/** Lambda's mapping states: Creating, Enabling, Enabled, Disabling, Disabled, Updating, Deleting. */
export type MappingState = string;

export interface ProcessingState {
  readonly mappingState: MappingState;
  /** paused (Disabled or Disabling), active (Enabled or Enabling), or the state itself while it changes otherwise. */
  readonly processing: 'paused' | 'active' | 'changing';
}

export function processingOf(mappingState: MappingState): ProcessingState['processing'] {
  if (mappingState === 'Disabled' || mappingState === 'Disabling') return 'paused';
  if (mappingState === 'Enabled' || mappingState === 'Enabling') return 'active';
  return 'changing';
}

export async function readMappingState(lambda: LambdaClient, mappingId: string): Promise<ProcessingState> {
  const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: mappingId }));
  const mappingState = mapping.State ?? 'unknown';
  return { mappingState, processing: processingOf(mappingState) };
}

export interface SwitchOptions {
  readonly mappingId: string;
  readonly enabled: boolean;
  /** Wait until the mapping reports Enabled / Disabled, at most this long; 0: do not wait. */
  readonly waitMs: number;
  readonly pollMs: number;
}

/** Sets the mapping's Enabled flag; resolves with the last state seen (the target one unless waitMs ran out). */
export async function switchMapping(lambda: LambdaClient, options: SwitchOptions): Promise<MappingState> {
  const updated = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: options.mappingId, Enabled: options.enabled }));
  const target = options.enabled ? 'Enabled' : 'Disabled';
  let state = updated.State ?? 'unknown';
  const deadline = Date.now() + options.waitMs;
  while (state !== target && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    state = (await readMappingState(lambda, options.mappingId)).mappingState;
  }
  return state;
}

/** The comma-separated BacklogAlarmNames output (or --alarm-names) as names. */
export function alarmNamesOf(list: string | undefined): string[] {
  return (list ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
}

/** Disables (false) or enables (true) the alarms' actions; their states keep being evaluated. */
export async function setAlarmActions(cloudwatch: CloudWatchClient, alarmNames: readonly string[], enabled: boolean): Promise<void> {
  if (alarmNames.length === 0) return;
  const found = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [...alarmNames], AlarmTypes: ['MetricAlarm'] }));
  const known = new Set((found.MetricAlarms ?? []).map((alarm) => alarm.AlarmName));
  const missing = alarmNames.filter((name) => !known.has(name));
  if (missing.length > 0) {
    throw new CommandError(`no such alarm: ${missing.join(', ')} (check --alarm-names or the BacklogAlarmNames output; same region?)`);
  }
  const input = { AlarmNames: [...alarmNames] };
  await cloudwatch.send(enabled ? new EnableAlarmActionsCommand(input) : new DisableAlarmActionsCommand(input));
}

/** name → actions enabled, for `status`. */
export async function alarmActionsOf(cloudwatch: CloudWatchClient, alarmNames: readonly string[]): Promise<Map<string, boolean>> {
  if (alarmNames.length === 0) return new Map();
  const found = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [...alarmNames], AlarmTypes: ['MetricAlarm'] }));
  return new Map((found.MetricAlarms ?? []).map((alarm) => [alarm.AlarmName ?? '?', alarm.ActionsEnabled === true]));
}
