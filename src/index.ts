export * from './ack-fast-webhook-pipeline';
export * from './pipeline-props';
export * from './webhook-api-kind';
export * from './webhook-authentication';
export * from './pipeline-alarms-options';
export * from './enqueue-grant-options';
export * from './reconciliation-sweep';
export * from './delivery-health-alarm';
