import { CfnResource } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { IConstruct } from 'constructs';

export interface Acknowledgement {
  readonly id: string;
  readonly reason: string;
  /** Only these granular findings (cdk-nag's `appliesTo`), e.g. `Action::s3:List*`. */
  readonly applies_to?: string[];
}

/**
 * Records cdk-nag acknowledgements as resource metadata (the form cdk-nag reads), on the
 * exact resources they concern, so consumers running AwsSolutionsChecks see only findings
 * about their own resources. Written without importing cdk-nag: the library does not depend on it.
 */
export function acknowledge(construct: IConstruct, acknowledgements: Acknowledgement[]): void {
  const resource = construct.node.defaultChild ?? construct;
  if (!CfnResource.isCfnResource(resource)) {
    throw new Error(`Cannot record cdk-nag acknowledgements on ${construct.node.path}: it is not a CloudFormation resource.`);
  }
  resource.addMetadata('cdk_nag', { rules_to_suppress: acknowledgements });
}

const SENDER_AUTHENTICATED = 'Webhook senders cannot sign with IAM or present Cognito tokens: the ingress function authenticates every request '
  + 'itself (a signature over the raw body, or a shared token header compared in constant time) before anything is stored.';

/** The webhook route is public by nature; these are the reasons its checks are acknowledged. */
export function acknowledgeWebhookApiFindings(api: apigateway.RestApi, method: apigateway.Method, webAclAttached: boolean): void {
  acknowledge(api, [{
    id: 'AwsSolutions-APIG2',
    reason: 'The ingress function validates every body (JSON object, required fields, depth and element caps) after authenticating it '
      + 'on the raw bytes; an API Gateway model would parse unauthenticated bodies first.',
  }]);
  const withoutWebAcl = webAclAttached ? [] : [{
    id: 'AwsSolutions-APIG3',
    reason: 'A WAF web ACL is an opt-in (wafRateLimitPerIp) with a monthly cost. Without it the stage throttle bounds the total rate '
      + '(shared by every caller, so a flood can crowd out the real sender) and the ingress rejects an unauthenticated request before any write, '
      + 'after at most a cached Secrets Manager read (re-read at most once per 30 s per instance).',
  }];
  acknowledge(api.deploymentStage, [
    ...withoutWebAcl,
    {
      id: 'AwsSolutions-APIG6',
      reason: 'JSON access logs are on; execution logging needs the account-wide API Gateway CloudWatch role, an account setting this library must not own.',
    },
  ]);
  acknowledge(method, [
    { id: 'AwsSolutions-APIG4', reason: SENDER_AUTHENTICATED },
    { id: 'AwsSolutions-COG4', reason: SENDER_AUTHENTICATED },
  ]);
}

/** The HTTP API's route is public for the same reason; its access logs and throttling pass the checks as they are. */
export function acknowledgeWebhookHttpApiFindings(route: apigatewayv2.HttpRoute): void {
  acknowledge(route, [{ id: 'AwsSolutions-APIG4', reason: SENDER_AUTHENTICATED }]);
}

/**
 * Active tracing: X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level
 * permissions, so the statement CDK adds names '*'. Acknowledged for that resource only, on the
 * role's own default policy (any other wildcard there would still be reported).
 */
export function acknowledgeXrayWrites(role: IConstruct): void {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (policy === undefined) return;
  acknowledge(policy, [{
    id: 'AwsSolutions-IAM5',
    reason: 'X-Ray active tracing (tracingEnabled): xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions, '
      + 'so AWS documents Resource "*" for them; nothing else in this policy uses a wildcard.',
    applies_to: ['Resource::*'],
  }]);
}
