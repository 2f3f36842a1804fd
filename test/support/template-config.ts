import { Template } from 'aws-cdk-lib/assertions';

/** The JSON config of one handler, with each CloudFormation reference shown as '<Ref>'. */
export function handlerConfig(t: Template, description: string, envName: string): Record<string, unknown> {
  const fn = Object.values(t.findResources('AWS::Lambda::Function', { Properties: { Description: description } }))[0];
  const value = fn.Properties.Environment.Variables[envName];
  const text = typeof value === 'string' ? value
    : value['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : '<Ref>')).join('');
  return JSON.parse(text);
}
