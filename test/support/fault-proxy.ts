/*
 * The loopback fault proxy: implemented in local/ (the local pipeline puts one in front of SQS,
 * and of DynamoDB and Lambda on request), re-exported for the tests.
 */
export { operationOf, startFaultProxy } from '../../local/fault-proxy';
export type { FaultAction, FaultProxy, FaultRule, InjectedFault } from '../../local/fault-proxy';
