import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RichpanelMiddlewareStack } from './richpanel-middleware-stack';
import { accountFor, STAGES } from './stages';

export const DEFAULT_REGION = 'us-east-2';

/** Builds the app: one middleware stack per stage, each in its own account, cdk-nag on all. */
export function buildApp(app: App = new App()): App {
  const region = (app.node.tryGetContext('region') as string | undefined) ?? DEFAULT_REGION;
  for (const stage of STAGES) {
    new RichpanelMiddlewareStack(app, `rp-mw-${stage.name}`, {
      stage,
      env: { account: accountFor(stage.name, (key) => app.node.tryGetContext(key)), region },
      description: `Richpanel middleware webhook pipeline (${stage.name})`,
      tags: { app: 'richpanel-middleware', stage: stage.name },
    });
  }
  Aspects.of(app).add(new AwsSolutionsChecks());
  return app;
}
