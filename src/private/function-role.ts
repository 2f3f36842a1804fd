import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * An execution role that may write only to the function's own log group.
 *
 * Used instead of the AWSLambdaBasicExecutionRole managed policy, which allows writing to
 * every log group in the account.
 */
export function createFunctionRole(scope: Construct, id: string, logGroup: logs.ILogGroup, description: string): iam.Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description,
  });
  role.addToPolicy(new iam.PolicyStatement({
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [logGroup.logGroupArn],
  }));
  return role;
}
