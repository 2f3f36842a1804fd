import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PROCESSOR_MODES, ProcessorMode } from './processor-function';
import { RichpanelMiddlewareStack } from './richpanel-middleware-stack';
import { accountFor, alarmEmailFor, shopifyStoreFor, StageSettings, STAGES } from './stages';

export const DEFAULT_REGION = 'us-east-2';

/** `-c processorMode=in-process|lambda` (default in-process). */
export function processorModeOf(app: App): ProcessorMode {
  const mode = (app.node.tryGetContext('processorMode') as string | undefined) ?? ProcessorMode.IN_PROCESS;
  if (!PROCESSOR_MODES.includes(mode)) {
    throw new Error(`context processorMode must be one of ${PROCESSOR_MODES.join(', ')}, got '${mode}': e.g. cdk synth -c processorMode=lambda`);
  }
  return mode as ProcessorMode;
}

/** Builds the app: one middleware stack per stage, each in its own account, cdk-nag on all. */
export function buildApp(app: App = new App(), stages: readonly StageSettings[] = STAGES): App {
  const region = (app.node.tryGetContext('region') as string | undefined) ?? DEFAULT_REGION;
  const context = (key: string) => app.node.tryGetContext(key);
  const processorMode = processorModeOf(app);
  for (const stage of stages) {
    new RichpanelMiddlewareStack(app, `rp-mw-${stage.name}`, {
      stage,
      env: { account: accountFor(stage.name, context), region },
      shopifyStoreDomain: shopifyStoreFor(stage.name, context),
      alarmEmail: alarmEmailFor(stage.name, context),
      processorMode,
      description: `Richpanel middleware webhook pipeline (${stage.name})`,
      tags: { app: 'richpanel-middleware', stage: stage.name },
    });
  }
  Aspects.of(app).add(new AwsSolutionsChecks());
  return app;
}
