import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  readonly stageName: string;
  /** Names of the alarms that publish here start with this (`<prefix>-...`): only they may publish. */
  readonly alarmNamePrefix: string;
  /** Applies to the key (the topic holds no data). */
  readonly removalPolicy: RemovalPolicy;
  /** @default - no subscription (subscribe a pager or chat integration by hand) */
  readonly email?: string;
}

/**
 * The stage's alarm topic: encrypted with its own KMS key (CloudWatch cannot publish to a topic
 * under the AWS-managed SNS key) and reachable over TLS only.
 *
 * enforceSSL gives the topic a policy of its own, which replaces SNS's default policy (that one
 * let the account, and so CloudWatch, publish): without the statement below the alarms would
 * fire and page no one. CloudWatch may publish, and use the key, only for this account's alarms
 * whose names start with the stage's prefix (aws:SourceAccount, aws:SourceArn: no confused deputy).
 */
export class AlarmTopic extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the rp-mw ${props.stageName} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    const stack = Stack.of(this);
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: `${props.alarmNamePrefix}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    };
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    // CloudWatch alarms publish to the topic, so they must be able to use its key.
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [cloudWatch],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: fromOurAlarms,
    }));
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `rp-mw-${props.stageName}-alarms`,
      displayName: `Richpanel middleware ${props.stageName} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowStageAlarmsToPublish',
      principals: [cloudWatch],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions: fromOurAlarms,
    }));
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }
}
