import { sampleTicketWebhook } from '../../../examples/prod-app/fakes/sample-data';
import { startLocalProcessor } from '../../../examples/prod-app/processor/local-processor';
import { createStateTable, dynamoClient, RunningEmulator, startDynalite } from '../../support/emulators';

describe('startLocalProcessor: the example processor on loopback fakes, for the local pipeline', () => {
  let dynalite: RunningEmulator;

  beforeAll(async () => {
    dynalite = await startDynalite();
    const client = dynamoClient(dynalite.endpoint);
    await createStateTable(client, 'local-state');
    client.destroy();
  });
  afterAll(async () => dynalite?.stop());

  test('answers an order-status question with one private note, and says where its fakes listen', async () => {
    // Prepare
    const printed: string[] = [];
    const local = await startLocalProcessor({ tableName: 'local-state', dynamoEndpoint: dynalite.endpoint, print: (line) => printed.push(line) });
    try {
      const request = { eventId: 'evt-local-1', messageGroupId: 'ticket-1', attempt: 1, receivedAt: '2026-11-24T12:00:00.000Z', payload: sampleTicketWebhook('ticket-1') };

      // Act
      const first = await local.handler(request);
      const again = await local.handler({ ...request, attempt: 2 });

      // Assess
      expect(first).toEqual({ outcome: 'PROCESSED' });
      expect(again).toEqual({ outcome: 'PROCESSED' });
      expect(printed).toEqual(['fake Richpanel: private note on ticket ticket-1: Order #1001: FULFILLED (payment PAID).']);
      expect(local.notes.join('\n')).toMatch(/fake Richpanel API on http:\/\/127\.0\.0\.1:\d+\/v1/);
      expect(local.notes.join('\n')).toMatch(/fake Shopify Admin GraphQL on http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      await local.close();
    }
  });
});
