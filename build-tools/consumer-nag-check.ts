/*
 * Copied into the consumer smoke's app as bin/nag-check.ts: synthesizes the README's stack with
 * cdk-nag AwsSolutions, plus a control stack that must produce findings (so the check can fail).
 * Prints every finding; exits 1 on any unacknowledged one in the README's stack. The only
 * acknowledgements are for the app's own processor, by exact path; the construct's resources
 * carry their own. Usage: ts-node bin/nag-check.ts OUTDIR
 */
import * as path from 'path';
import { App, Aspects, Stack, StackProps } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

type StackClass = new (scope: Construct, id: string, props?: StackProps) => Stack;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { WebhooksStack } = require(path.resolve('lib', 'webhooks-stack')) as { WebhooksStack: StackClass };

const app = new App({ outdir: process.argv[2] ?? 'cdk.out.nag' });
const stack = new WebhooksStack(app, 'WebhooksStack', { env: { account: '111111111111', region: 'us-east-2' } });
NagSuppressions.addResourceSuppressionsByPath(stack, '/WebhooksStack/Processor/ServiceRole/Resource', [{
  id: 'AwsSolutions-IAM4',
  reason: 'The app\'s own processor (README quick start) uses the AWS managed basic execution role; the smoke checks the construct\'s resources.',
  appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
}]);
const control = new Stack(app, 'NagControl', { env: { account: '111111111111', region: 'us-east-2' } });
new sqs.Queue(control, 'PlainQueue'); // no DLQ, no TLS-only policy: AwsSolutions must flag it
Aspects.of(app).add(new AwsSolutionsChecks());

const assembly = app.synth();
function findings(stackName: string): string[] {
  return assembly.getStackByName(stackName).messages
    .filter((message) => message.level !== 'info' && /AwsSolutions-/.test(String(message.entry.data)))
    .map((message) => `${message.level} ${message.id}: ${String(message.entry.data).split('\n')[0]}`);
}
const unacknowledged = findings('WebhooksStack');
const controlFindings = findings('NagControl');
process.stdout.write(`cdk-nag AwsSolutions: ${unacknowledged.length} unacknowledged finding(s) in WebhooksStack; `
  + `${controlFindings.length} in the NagControl stack (must be > 0)\n`);
unacknowledged.forEach((finding) => process.stdout.write(`  ${finding}\n`));
if (unacknowledged.length > 0 || controlFindings.length === 0) process.exit(1);
