/*
 * The inspector's server-side rendering: rows folded from path steps, and every outside value
 * escaped (event ids and groups are the sender's input).
 */
import { PathStep } from '../../../local/event-path';
import { inspectorEvents } from '../../../local/inspector/event-rows';
import { escapeHtml, InspectorSnapshot, renderLive, renderPage } from '../../../local/inspector/page';

const HOSTILE_ID = '"><script>alert(1)</script><img src=x onerror=alert(2)>\'`&';

function snapshot(steps: PathStep[], paused = false): InspectorSnapshot {
  return {
    pipelineName: 'rp-mw-dev',
    webhookUrl: 'http://127.0.0.1:1/v1/richpanel',
    paused,
    backlog: { waiting: 3, inFlight: 1, delayed: 0 },
    events: inspectorEvents(steps, 50),
  };
}

describe('inspector rows', () => {
  test('fold each event\'s steps into one row: path, attempts, answer, timings and the processor\'s last outcome', () => {
    // Prepare
    const steps: PathStep[] = [
      { at: 1_000, kind: 'enqueued', eventId: 'a', statusCode: 200, ackMs: 12 },
      { at: 1_100, kind: 'failed', eventId: 'a', messageGroupId: 'g1', receiveCount: 1, processorOutcome: 'threw TypeError', detail: 'processor threw TypeError' },
      { at: 1_200, kind: 'rejected', statusCode: 401, ackMs: 3, detail: 'Unauthorized' },
      { at: 1_300, kind: 'processed', eventId: 'a', messageGroupId: 'g1', receiveCount: 2, endToEndMs: 300, processorOutcome: 'ok' },
    ];

    // Act
    const rows = inspectorEvents(steps, 50);

    // Assess: newest activity first; the 401 has no id and is a row of its own.
    expect(rows.map((row) => row.key)).toEqual(['a', 'request-3']);
    expect(rows[0]).toEqual({
      key: 'a',
      eventId: 'a',
      messageGroupId: 'g1',
      path: ['enqueued', 'failed', 'processed'],
      status: 'processed',
      attempts: 2,
      firstAt: 1_000,
      lastAt: 1_300,
      statusCode: 200,
      ackMs: 12,
      endToEndMs: 300,
      processorOutcome: 'ok',
      detail: undefined,
    });
    expect(rows[1]).toMatchObject({ eventId: undefined, path: ['rejected'], status: 'rejected', statusCode: 401, detail: 'Unauthorized', attempts: 0 });
  });

  test('keep only the `limit` most recently active events', () => {
    // Prepare
    const steps: PathStep[] = Array.from({ length: 60 }, (_, i) => ({ at: i, kind: 'enqueued' as const, eventId: `e${i}`, statusCode: 200 }));

    // Act
    const rows = inspectorEvents(steps, 50);

    // Assess
    expect(rows).toHaveLength(50);
    expect(rows[0].eventId).toBe('e59');
    expect(rows[49].eventId).toBe('e10');
  });
});

describe('inspector page', () => {
  test('escapeHtml leaves no character that could open a tag, an attribute or an entity', () => {
    expect(escapeHtml(HOSTILE_ID)).toBe('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&#39;&#96;&amp;');
  });

  test('an event id, group and reason from the sender are rendered as text, in cells and in the replay button\'s attribute', () => {
    // Prepare
    const steps: PathStep[] = [
      { at: 1_000, kind: 'enqueued', eventId: HOSTILE_ID, statusCode: 200, ackMs: 5 },
      { at: 1_100, kind: 'processed', eventId: HOSTILE_ID, messageGroupId: '<b>group</b>', receiveCount: 1, endToEndMs: 100, processorOutcome: 'ok' },
      { at: 1_200, kind: 'rejected', statusCode: 400, detail: '<svg onload=alert(3)>' },
    ];

    // Act
    const html = renderLive(snapshot(steps));

    // Assess
    expect(html).not.toMatch(/<script|<img|<svg|<b>/);
    expect(html).toContain(`data-event-id="${escapeHtml(HOSTILE_ID)}"`);
    expect(html).toContain('&lt;b&gt;group&lt;/b&gt;');
    expect(html).toContain('&lt;svg onload=alert(3)&gt;');
    // Negative control: the same markup unescaped would have carried the tags.
    expect(HOSTILE_ID).toMatch(/<script/);
  });

  test('the live part shows processing state and backlog; replay is offered only for delivered events with an id', () => {
    // Prepare
    const steps: PathStep[] = [
      { at: 1, kind: 'enqueued', eventId: 'waiting', statusCode: 200, ackMs: 5 },
      { at: 2, kind: 'enqueued', eventId: 'done', statusCode: 200, ackMs: 5 },
      { at: 3, kind: 'processed', eventId: 'done', receiveCount: 1, endToEndMs: 40, processorOutcome: 'ok' },
    ];

    // Act
    const active = renderLive(snapshot(steps));
    const paused = renderLive(snapshot(steps, true));

    // Assess
    expect(active).toMatch(/Processing <strong class="active">active<\/strong> · queue backlog 3 waiting, 1 in flight · 2 events shown/);
    expect(paused).toMatch(/data-paused="true">Processing <strong class="paused">paused<\/strong> \(the ingress keeps ACKing and queueing\)/);
    expect(active.match(/class="replay"/g)).toHaveLength(1);
    expect(active).toContain('<button type="button" class="replay" data-event-id="done">replay</button>');
    expect(active).toMatch(/<td class="path"><span class="step received">received<\/span> → <span class="step enqueued">enqueued<\/span> → <span class="step processed">processed<\/span><\/td>/);
  });

  test('the page holds one script and one style, both under the nonce, and no inline event handler', () => {
    // Act
    const html = renderPage(snapshot([]), 'n0nce');

    // Assess
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="n0nce">');
    expect(html).toContain('<style nonce="n0nce">');
    expect(html).toContain('No events yet: send a sample webhook.');
    expect(html).not.toMatch(/ on[a-z]+=/);
  });
});
