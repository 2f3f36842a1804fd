/*
 * The loopback fake of the Lambda Invoke REST API: implemented in local/ (the local pipeline invokes
 * its processor through it), re-exported for the tests.
 */
export { startLambdaInvokeFake } from '../../local/lambda-invoke-fake';
export type { FakeAnswer, FakeInvocation, LambdaInvokeFake } from '../../local/lambda-invoke-fake';
