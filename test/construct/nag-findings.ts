import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { SynthesisMessage } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';

/** Every AwsSolutions error and warning left on `stack` after synthesis, as `<path>: <rule>: <first line>`. */
export function nagFindings(app: App, stack: Stack): string[] {
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  app.synth();
  return nagAnnotations(stack).map((finding) => `${finding.id}: ${String(finding.entry.data).split('\n')[0]}`);
}

/** The AwsSolutions errors and warnings on a synthesized `stack` whose app already applies the checks. */
export function nagAnnotations(stack: Stack): SynthesisMessage[] {
  const annotations = Annotations.fromStack(stack);
  return [
    ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-')),
    ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-')),
  ];
}

/** Each cdk-nag acknowledgement in the stack's template, with the logical id of the resource that carries it. */
export function acknowledgements(stack: Stack): Array<{ logicalId: string; id: string; reason: string }> {
  const resources = stack.resolve((stack as any)._toCloudFormation()).Resources as Record<string, any>;
  return Object.entries(resources)
    .flatMap(([logicalId, r]) => (r.Metadata?.cdk_nag?.rules_to_suppress ?? [])
      .map((rule: { id: string; reason: string }) => ({ logicalId, ...rule })));
}
