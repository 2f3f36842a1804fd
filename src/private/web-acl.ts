import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** AWS WAF counts rate-based rules over a 5-minute window; these are its accepted limits. */
export const WAF_RATE_LIMIT_MIN = 10;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;

/**
 * A regional web ACL that blocks any source IP sending more than `limitPerFiveMinutes`
 * requests in five minutes, attached to the API stage. Everything else is allowed: the
 * signature check in the ingress is the authentication.
 */
export function attachRateLimitWebAcl(scope: Construct, stage: apigateway.Stage, limitPerFiveMinutes: number): wafv2.CfnWebACL {
  const metricPrefix = `${scope.node.addr.slice(0, 12)}Webhook`;
  const webAcl = new wafv2.CfnWebACL(scope, 'WebAcl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: `${metricPrefix}WebAcl`, sampledRequestsEnabled: false },
    rules: [{
      name: 'RateLimitPerSourceIp',
      priority: 0,
      action: { block: {} },
      statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: limitPerFiveMinutes } },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: `${metricPrefix}RateLimit`, sampledRequestsEnabled: false },
    }],
  });
  new wafv2.CfnWebACLAssociation(scope, 'WebAclAssociation', {
    resourceArn: stage.stageArn,
    webAclArn: webAcl.attrArn,
  });
  return webAcl;
}
