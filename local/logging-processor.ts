/*
 * The processor `local` runs when the example app's own (examples/prod-app/processor/local-processor.ts)
 * is not there: it prints which event it was handed and answers PROCESSED. Same shape as that one.
 */
import { ProcessorRequestPayload } from '../src/private/runtime-contract';

export interface LocalProcessor {
  readonly handler: (request: ProcessorRequestPayload) => Promise<unknown>;
  /** Lines to print at start (e.g. where its fake downstream APIs listen). */
  readonly notes: string[];
  close(): Promise<void>;
}

export interface LocalProcessorOptions {
  readonly tableName: string;
  readonly dynamoEndpoint: string;
}

export async function startLoggingProcessor(write: (line: string) => void): Promise<LocalProcessor> {
  return {
    handler: async (request) => {
      write(`processor: event ${request.eventId} (group ${request.messageGroupId}, attempt ${request.attempt})`);
      return { outcome: 'PROCESSED' };
    },
    notes: ['processor: a logging stand-in (examples/prod-app/processor/local-processor.ts not found)'],
    close: async () => undefined,
  };
}
