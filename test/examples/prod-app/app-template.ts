/*
 * Queries over the example app's synthesized stages: its stacks, their Lambda functions and
 * environment variables, the order-status processor's function and IAM statements, and what
 * cdk-nag (applied by the app itself) left on a stack.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PROCESSOR_SETTINGS_ENV } from '../../../examples/prod-app/processor/processor-settings';
import { nagAnnotations } from '../../construct/nag-findings';

export function stacksOf(app: App): Stack[] {
  return app.node.children.filter((child): child is Stack => child instanceof Stack);
}

/** The Lambda functions of a template, keyed by logical id. */
export function functions(template: Template): Record<string, any> {
  return template.findResources('AWS::Lambda::Function');
}

/** One function's environment variables. */
export function envOfFunction(fn: any): Record<string, unknown> {
  return fn.Properties.Environment?.Variables ?? {};
}

/** The value of `variable` in each function of the template that sets it. */
export function envOf(template: Template, variable: string): unknown[] {
  return Object.values(functions(template)).map((fn) => fn.Properties.Environment?.Variables?.[variable]).filter((value) => value !== undefined);
}

/** The AwsSolutions errors and warnings the app's own checks left on a synthesized stack. */
export function nagFindings(stack: Stack): unknown[] {
  return nagAnnotations(stack);
}

/** The function that runs the order-status processor (the worker in-process, the processor Lambda otherwise) and its IAM statements. */
export function orderStatusFunction(template: Template) {
  const [id, fn] = Object.entries(functions(template)).find(([, candidate]) => envOfFunction(candidate)[PROCESSOR_SETTINGS_ENV])!;
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId));
  return { id, fn, statements: JSON.stringify(policies.map((policy) => policy.Properties.PolicyDocument.Statement)) };
}
