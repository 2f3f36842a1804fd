import { Annotations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledgeXrayWrites } from './nag-acknowledgements';

/** What a function built by this construct gets when `tracingEnabled` is on. */
export function functionTracing(tracingEnabled: boolean): lambda.Tracing | undefined {
  return tracingEnabled ? lambda.Tracing.ACTIVE : undefined;
}

/**
 * Turns on X-Ray active tracing on a function the user built (the processor; an in-process worker
 * function): its CloudFormation tracing mode and the two X-Ray writes it needs (X-Ray has no
 * resource-level permissions for them). An imported function cannot be changed: synth warns instead.
 */
export function traceUserFunction(scope: Construct, fn: lambda.IFunction, propName: string): void {
  const cfn = fn.node.defaultChild;
  if (!(fn instanceof lambda.Function) || !(cfn instanceof lambda.CfnFunction)) {
    Annotations.of(scope).addWarningV2('ack-fast-webhook-pipeline:untracedFunction',
      `tracingEnabled is on, but ${propName} is an imported function whose tracing this construct cannot turn on: `
      + 'its part of each trace is missing until you enable active tracing on it where it is defined.');
    return;
  }
  cfn.tracingConfig = { mode: lambda.Tracing.ACTIVE };
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }));
  if (fn.role) acknowledgeXrayWrites(fn.role);
}
