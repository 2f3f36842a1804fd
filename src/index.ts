export * from './ack-fast-webhook-pipeline';
export * from './pipeline-props';
export * from './webhook-authentication';
