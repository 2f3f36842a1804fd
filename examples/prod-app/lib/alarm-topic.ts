import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  readonly stageName: string;
  /** Applies to the key (the topic holds no data). */
  readonly removalPolicy: RemovalPolicy;
  /** @default - no subscription (subscribe a pager or chat integration by hand) */
  readonly email?: string;
}

/**
 * The stage's alarm topic: encrypted with its own KMS key (CloudWatch cannot publish to a topic
 * under the AWS-managed SNS key) and reachable over TLS only.
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
    // CloudWatch alarms publish to the topic, so they must be able to use its key.
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }));
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `rp-mw-${props.stageName}-alarms`,
      displayName: `Richpanel middleware ${props.stageName} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }
}
