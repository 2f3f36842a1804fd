/*
 * The processor Lambda, invoked synchronously once per claimed event.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ProcessorRequestPayload } from '../../src/private/runtime-contract';
import { EventProcessor, interpretProcessorResponse, ProcessorOutcome } from '../core/processor-outcome';

export class LambdaEventProcessor implements EventProcessor {
  constructor(private readonly client: LambdaClient, private readonly functionName: string) {}

  public async process(request: ProcessorRequestPayload): Promise<ProcessorOutcome> {
    const output = await this.client.send(new InvokeCommand({
      FunctionName: this.functionName,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(request)),
    }));
    const payloadText = output.Payload ? new TextDecoder().decode(output.Payload) : '';
    return interpretProcessorResponse(output.FunctionError, payloadText);
  }
}
