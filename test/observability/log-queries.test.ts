/*
 * The saved Logs Insights queries against the audit log the real handlers write: the local
 * pipeline (bundled ingress and worker, fauxqs, dynalite) runs accepted, filtered, rejected,
 * unstored, deferred and poison events, every JSON line is captured, and each query's fields
 * are looked up in lines of the kinds it reads. A field renamed in a handler, or misspelt in a
 * query, fails here; the negative controls show the check does fail.
 */
import { LocalPipeline } from '../../local/pipeline';
import { eventPathQuery, pipelineLogQueries } from '../../src/private/log-queries';
import { CountingProcessor } from '../e2e/support/counting-processor';
import { startE2ePipeline, ticketEvent } from '../e2e/support/e2e-pipeline';
import { untilAdvancingClock } from '../e2e/support/queue-state';
import { AuditLine, fieldsMissingFromLines, isKind, queryFieldNames } from '../support/log-query-check';

const MAX_RECEIVE_COUNT = 2;
/** Kinds this run cannot produce locally: an unreadable secret, a lost Invoke answer and a redelivered completed event. */
const NOT_PRODUCED_HERE = ['signing secret unavailable', 'event outcome unknown', 'event duplicate'];

describe('saved Logs Insights queries against the lines the handlers write', () => {
  let pipeline: LocalPipeline;
  const lines: AuditLine[] = [];
  let deferredOnce = false;
  const counting = new CountingProcessor((request) => (request.eventId === 'evt-poison' ? 'throw' : 'complete'));
  const processor = async (request: Parameters<CountingProcessor['handler']>[0]) => {
    if (request.eventId === 'evt-later' && !deferredOnce) {
      deferredOnce = true;
      return { outcome: 'RETRY_LATER', retryAfterSeconds: 1 };
    }
    return counting.handler(request);
  };

  beforeAll(async () => {
    pipeline = await startE2ePipeline(processor, {
      maxReceiveCount: MAX_RECEIVE_COUNT,
      ingressFilters: [{ pointer: '/event', acceptedValues: ['customer.message'] }],
    }, {
      name: 'e2e-queries',
      onHandlerLine: (_component, line) => {
        try {
          const parsed = JSON.parse(line) as AuditLine;
          if (typeof parsed.message === 'string') lines.push(parsed);
        } catch {
          // not a JSON line (e.g. a runtime warning): not part of the audit log
        }
      },
    });
    expect((await pipeline.send(ticketEvent('evt-ok', 'ticket-1'))).statusCode).toBe(200);
    expect((await pipeline.send(ticketEvent('evt-later', 'ticket-2'))).statusCode).toBe(200);
    expect((await pipeline.send(ticketEvent('evt-poison', 'ticket-3'))).statusCode).toBe(200);
    expect((await pipeline.send({ ...ticketEvent('evt-closed', 'ticket-4'), event: 'conversation.closed' })).statusCode).toBe(200);
    expect((await pipeline.send(ticketEvent('evt-forged', 'ticket-5'), { 'X-Webhook-Token': 'not-the-token' })).statusCode).toBe(401);
    pipeline.setSqsReachable(false);
    expect((await pipeline.send(ticketEvent('evt-unstored', 'ticket-6'))).statusCode).toBe(503);
    pipeline.setSqsReachable(true);
    const settled = await untilAdvancingClock(pipeline,
      () => counting.effects.has('evt-ok') && counting.effects.has('evt-later') && pipeline.events.some((s) => s.eventId === 'evt-poison' && s.kind === 'dlq'),
      60_000);
    expect(settled).toBe(true);
  }, 90_000);
  afterAll(async () => {
    await pipeline?.close();
  }, 60_000);

  const queries = pipelineLogQueries(MAX_RECEIVE_COUNT);

  test.each(queries.map((query) => [query.title, query] as const))('"%s": every field it names is in lines of the kinds it reads', (_title, query) => {
    // Assess
    const fields = queryFieldNames(query.queryString);
    process.stdout.write(`[queries] ${query.title}: ${fields.join(', ')}\n`);
    expect(fields.length).toBeGreaterThan(0);
    expect(fieldsMissingFromLines(query, lines)).toEqual([]);
    expect(lines.some((line) => query.reads.some((kind) => isKind(line, kind)))).toBe(true);
  });

  test('every kind of line the queries read was written in this run (except the ones it cannot produce) and is named in its query', () => {
    const kinds = queries.flatMap((query) => query.reads.map((kind) => ({ ...kind, query })));
    const unseen = kinds.filter((kind) => !NOT_PRODUCED_HERE.includes(kind.message) && !lines.some((line) => isKind(line, kind)));
    expect(unseen.map((kind) => `${kind.component}: ${kind.message}`)).toEqual([]);
    // A filter on messages must name real ones: each message a query filters on is a kind it reads.
    for (const query of queries) {
      const filtered = [...query.queryString.matchAll(/message (?:=|in \[)([^\]\n|]+)/g)].flatMap((match) => [...match[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]));
      for (const message of filtered) expect(query.reads.map((kind) => kind.message)).toContain(message);
    }
  });

  test('the DLQ arithmetic holds on the lines: the poison failed on receives 1 and 2, the last one moving it', () => {
    const poison = lines.filter((line) => line.eventId === 'evt-poison' && line.message === 'event failed');
    expect(poison.map((line) => line.receiveCount)).toEqual([1, 2]);
    expect(poison.map((line) => Math.floor(Number(line.receiveCount) / MAX_RECEIVE_COUNT))).toEqual([0, 1]);
  });

  test('negative control: a query naming a field no handler writes fails the check', () => {
    const misspelt = { reads: queries[0].reads, queryString: eventPathQuery('evt-ok').replace('errorClass', 'errorClassName') };
    expect(fieldsMissingFromLines(misspelt, lines)).toEqual(['errorClassName']);
    const noSuchField = { reads: queries[3].reads, queryString: 'fields ackLatencyMillis | sort ackLatencyMillis desc' };
    expect(fieldsMissingFromLines(noSuchField, lines)).toEqual(['ackLatencyMillis']);
  });

  test('negative control: a field written only by lines of another kind fails the check', () => {
    // `attempt` is on the worker's lines, never on the ingress's rejections.
    const wrongKind = { reads: [{ component: 'ingress' as const, message: 'webhook rejected' }], queryString: 'stats count(*) by reason, attempt' };
    expect(fieldsMissingFromLines(wrongKind, lines)).toEqual(['attempt']);
  });
});
