/*
 * The pipeline the end-to-end tests drive: the example app's shape (shared token, ticket id as the
 * message group, event id from the body) with short timeouts so retries, leases and the DLQ play
 * out in seconds. Settings still come from the synthesized template, as in `npx projen local`.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { LocalPipeline, LocalPipelineOptions, LocalProcessorHandler, startLocalPipeline } from '../../../local/pipeline';
import { CfnTemplate } from '../../../local/template-settings';
import { AckFastWebhookPipeline, AckFastWebhookPipelineProps, WebhookAuthentication } from '../../../src';

/** The props every e2e pipeline shares; each test overrides what its scenario needs. */
export const E2E_PROPS = {
  messageGroupIdJsonPointer: '/ticket/id',
  eventIdJsonPointer: '/eventId',
  requiredJsonPointers: ['/ticket/id'],
  // The shortest Lambda timeout for the processor, and the shortest worker timeout that fits it
  // (processorTimeout + 8 s): the Invoke is given up after 3 s, a message is back after 54 s.
  processorTimeout: Duration.seconds(1),
  workerTimeout: Duration.seconds(9),
  alarmsEnabled: false,
} satisfies Partial<AckFastWebhookPipelineProps>;

export function e2eTemplate(overrides: Partial<AckFastWebhookPipelineProps> = {}): CfnTemplate {
  const app = new App();
  const stack = new Stack(app, 'E2E', { env: { account: '111111111111', region: 'us-east-2' } });
  const secret = new secretsmanager.Secret(stack, 'WebhookToken');
  const processor = lambda.Function.fromFunctionName(stack, 'Processor', 'e2e-processor');
  new AckFastWebhookPipeline(stack, 'Webhooks', {
    authentication: WebhookAuthentication.sharedToken({ secret, header: 'X-Webhook-Token' }),
    processor,
    ...E2E_PROPS,
    ...overrides,
  });
  return Template.fromStack(stack).toJSON() as CfnTemplate;
}

export async function startE2ePipeline(
  processor: LocalProcessorHandler, overrides: Partial<AckFastWebhookPipelineProps> = {},
  options: Omit<LocalPipelineOptions, 'template' | 'processor'> = {},
): Promise<LocalPipeline> {
  return startLocalPipeline({ name: 'e2e', ...options, template: e2eTemplate(overrides), processor });
}

/** A webhook body of ticket `ticketId`; `sequence` orders a ticket's events. */
export function ticketEvent(eventId: string, ticketId: string, sequence = 0): Record<string, unknown> {
  return { eventId, event: 'customer.message', ticket: { id: ticketId, sequence } };
}
