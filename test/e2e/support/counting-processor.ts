/*
 * A processor that counts effects: the test's ground truth for "exactly once". A call that
 * completes is one effect; a call told to throw or to hang (a killed worker) is none.
 */
import { ProcessorRequestPayload } from '../../../src/contract';

export type CallBehaviour = 'complete' | 'throw' | 'hang';

export class CountingProcessor {
  /** Completed effects per event id. */
  public readonly effects = new Map<string, number>();
  /** Every call, in order. */
  public readonly calls: ProcessorRequestPayload[] = [];
  /** Completed event ids per message group, in completion order. */
  public readonly orderByGroup = new Map<string, string[]>();

  /** Decides each call; complete by default. */
  constructor(private readonly behaviour: (request: ProcessorRequestPayload) => CallBehaviour = () => 'complete') {}

  public readonly handler = async (request: ProcessorRequestPayload): Promise<unknown> => {
    this.calls.push(request);
    const behaviour = this.behaviour(request);
    if (behaviour === 'hang') return new Promise(() => undefined);
    if (behaviour === 'throw') {
      const error = new Error('poison');
      error.name = 'PoisonEvent';
      throw error;
    }
    this.effects.set(request.eventId, (this.effects.get(request.eventId) ?? 0) + 1);
    const order = this.orderByGroup.get(request.messageGroupId) ?? [];
    order.push(request.eventId);
    this.orderByGroup.set(request.messageGroupId, order);
    return { outcome: 'PROCESSED' };
  };

  public totalEffects(): number {
    return [...this.effects.values()].reduce((sum, count) => sum + count, 0);
  }
}
