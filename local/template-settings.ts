/*
 * What the local pipeline needs to know about one AckFastWebhookPipeline, read from its synthesized
 * CloudFormation template: the template is the one source of truth for names and defaults, so
 * nothing here repeats a default of the construct.
 */
import { INGRESS_CONFIG_ENV, WORKER_CONFIG_ENV } from '../src/contract';

type Json = unknown;
interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
}
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
}

/** The pipeline's resources and settings, CloudFormation references left unresolved. */
export interface PipelineSettings {
  readonly ingressFunctionId: string;
  readonly workerFunctionId: string;
  readonly queueId: string;
  readonly deadLetterQueueId: string;
  /** Which API Gateway product fronts the ingress (they build the proxy event's body differently). */
  readonly apiKind: 'REST' | 'HTTP';
  /** POST route, without leading slash (e.g. `richpanel`). */
  readonly webhookPath: string;
  readonly stageName: string;
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly ingressTimeoutSeconds: number;
  readonly workerTimeoutSeconds: number;
  readonly batchSize: number;
  readonly maxConcurrency: number;
  readonly reportBatchItemFailures: boolean;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
}

/** Turns one CloudFormation reference into its local value (a queue URL, a table name, ...). */
export type ReferenceResolver = (logicalId: string, attribute: string | undefined) => string;

function problem(message: string): Error {
  return new Error(`Cannot run this template locally: ${message}`);
}

function props(template: CfnTemplate, id: string): Record<string, Json> {
  return template.Resources[id]?.Properties ?? {};
}

function idsOfType(template: CfnTemplate, type: string): string[] {
  return Object.keys(template.Resources).filter((id) => template.Resources[id].Type === type);
}

function functionWithEnv(template: CfnTemplate, envName: string, pipelineId: string | undefined): string {
  const ids = idsOfType(template, 'AWS::Lambda::Function').filter((id) => {
    const variables = (props(template, id).Environment as { Variables?: Record<string, Json> } | undefined)?.Variables;
    return variables?.[envName] !== undefined && (pipelineId === undefined || id.startsWith(pipelineId));
  });
  if (ids.length !== 1) {
    throw problem(ids.length === 0
      ? `no Lambda function carries ${envName}${pipelineId ? ` under '${pipelineId}'` : ''} (is there an AckFastWebhookPipeline in it?)`
      : `${ids.length} pipelines (${ids.join(', ')}); name one with the pipelineId option (its construct id)`);
  }
  return ids[0];
}

function refTarget(value: Json): string | undefined {
  if (value && typeof value === 'object') {
    const record = value as Record<string, Json>;
    if (typeof record.Ref === 'string') return record.Ref;
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  }
  return undefined;
}

function positive(value: Json, what: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw problem(`${what} is ${JSON.stringify(value)}, expected a positive number`);
  return number;
}

/** The webhook route and the stage throttling of the REST API (or HTTP API) in front of the ingress. */
type ApiSettings = Pick<PipelineSettings, 'apiKind' | 'webhookPath' | 'stageName' | 'throttlingRateLimit' | 'throttlingBurstLimit'>;

function readApi(template: CfnTemplate): ApiSettings {
  const methods = idsOfType(template, 'AWS::ApiGateway::Method').filter((id) => props(template, id).HttpMethod === 'POST');
  if (methods.length === 1) {
    const segments: string[] = [];
    let resourceId = refTarget(props(template, methods[0]).ResourceId);
    while (resourceId && template.Resources[resourceId]?.Type === 'AWS::ApiGateway::Resource') {
      segments.unshift(String(props(template, resourceId).PathPart));
      resourceId = refTarget(props(template, resourceId).ParentId);
    }
    const [stageId] = idsOfType(template, 'AWS::ApiGateway::Stage');
    const stage = props(template, stageId);
    const settings = ((stage.MethodSettings as Array<Record<string, Json>> | undefined) ?? []).find((s) => s.ResourcePath === '/*') ?? {};
    return {
      apiKind: 'REST',
      webhookPath: segments.join('/'),
      stageName: String(stage.StageName),
      throttlingRateLimit: positive(settings.ThrottlingRateLimit, 'the stage ThrottlingRateLimit'),
      throttlingBurstLimit: positive(settings.ThrottlingBurstLimit, 'the stage ThrottlingBurstLimit'),
    };
  }
  const routes = idsOfType(template, 'AWS::ApiGatewayV2::Route').map((id) => String(props(template, id).RouteKey)).filter((key) => key.startsWith('POST /'));
  const [stageId] = idsOfType(template, 'AWS::ApiGatewayV2::Stage');
  if (routes.length !== 1 || !stageId) throw problem(`expected one POST webhook route, found ${methods.length + routes.length}`);
  const stage = props(template, stageId);
  const settings = (stage.DefaultRouteSettings as Record<string, Json> | undefined) ?? {};
  return {
    apiKind: 'HTTP',
    webhookPath: routes[0].slice('POST /'.length),
    stageName: String(stage.StageName),
    throttlingRateLimit: positive(settings.ThrottlingRateLimit, 'the stage ThrottlingRateLimit'),
    throttlingBurstLimit: positive(settings.ThrottlingBurstLimit, 'the stage ThrottlingBurstLimit'),
  };
}

/** Reads the settings of the pipeline in `template` (the only one, or the one whose construct id is `pipelineId`). */
export function readPipelineSettings(template: CfnTemplate, pipelineId?: string): PipelineSettings {
  const ingressFunctionId = functionWithEnv(template, INGRESS_CONFIG_ENV, pipelineId);
  const workerFunctionId = functionWithEnv(template, WORKER_CONFIG_ENV, pipelineId);
  const [mappingId] = idsOfType(template, 'AWS::Lambda::EventSourceMapping')
    .filter((id) => refTarget(props(template, id).FunctionName) === workerFunctionId);
  if (!mappingId) throw problem(`the worker ${workerFunctionId} has no SQS event source mapping`);
  const mapping = props(template, mappingId);
  const queueId = refTarget(mapping.EventSourceArn);
  if (!queueId) throw problem(`the event source mapping ${mappingId} names no queue of this template`);
  const queue = props(template, queueId);
  const redrive = (queue.RedrivePolicy ?? {}) as Record<string, Json>;
  const deadLetterQueueId = refTarget(redrive.deadLetterTargetArn);
  if (!deadLetterQueueId) throw problem(`the queue ${queueId} has no dead-letter queue of this template`);
  return {
    ingressFunctionId,
    workerFunctionId,
    queueId,
    deadLetterQueueId,
    ...readApi(template),
    ingressTimeoutSeconds: positive(props(template, ingressFunctionId).Timeout ?? 3, 'the ingress Timeout'),
    workerTimeoutSeconds: positive(props(template, workerFunctionId).Timeout ?? 3, 'the worker Timeout'),
    batchSize: positive(mapping.BatchSize ?? 10, 'the event source BatchSize'),
    maxConcurrency: positive((mapping.ScalingConfig as Record<string, Json> | undefined)?.MaximumConcurrency ?? 1000, 'MaximumConcurrency'),
    reportBatchItemFailures: ((mapping.FunctionResponseTypes as Json[] | undefined) ?? []).includes('ReportBatchItemFailures'),
    visibilityTimeoutSeconds: positive(queue.VisibilityTimeout ?? 30, 'the queue VisibilityTimeout'),
    maxReceiveCount: positive(redrive.maxReceiveCount, 'the redrive maxReceiveCount'),
  };
}

/** Resolves Ref, Fn::GetAtt and Fn::Join down to a string, asking `resolve` for each reference. */
export function resolveValue(value: Json, resolve: ReferenceResolver): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object') {
    const record = value as Record<string, Json>;
    if (typeof record.Ref === 'string') return resolve(record.Ref, undefined);
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return resolve(String(getAtt[0]), String(getAtt[1]));
    const join = record['Fn::Join'];
    if (Array.isArray(join) && Array.isArray(join[1])) {
      return (join[1] as Json[]).map((part) => resolveValue(part, resolve)).join(String(join[0]));
    }
  }
  throw problem(`unsupported CloudFormation value ${JSON.stringify(value).slice(0, 200)}`);
}

/** The environment variables the template gives a function, every reference resolved locally. */
export function functionEnvironment(template: CfnTemplate, functionId: string, resolve: ReferenceResolver): Record<string, string> {
  const variables = (props(template, functionId).Environment as { Variables?: Record<string, Json> } | undefined)?.Variables ?? {};
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, resolveValue(value, resolve)]));
}

/** The resource type of a logical id (for the resolver), or a clear error. */
export function resourceType(template: CfnTemplate, logicalId: string): string {
  const resource = template.Resources[logicalId];
  if (!resource) throw problem(`a reference to '${logicalId}', which is not in the template`);
  return resource.Type;
}
