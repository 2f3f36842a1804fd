/*
 * The inspector's HTML, rendered on the server: the whole page once, then the live part (status
 * line and rows) as a fragment the page fetches every second. Everything that comes from outside
 * (event ids, groups, reasons) goes through escapeHtml; the page's one script runs under a CSP
 * nonce and writes notices with textContent only.
 */
import { InspectorEvent, REPLAYABLE_STATUSES } from './event-rows';
import { formatBacklog, QueueBacklog } from '../../cli/pause/backlog';

export interface InspectorSnapshot {
  readonly pipelineName: string;
  readonly webhookUrl: string;
  readonly paused: boolean;
  /** Undefined when SQS could not be asked (e.g. an outage staged with setSqsReachable). */
  readonly backlog?: QueueBacklog;
  readonly events: readonly InspectorEvent[];
}

/** The header a POST must carry: a cross-site form cannot set it, and a cross-site fetch needs a preflight this server refuses. */
export const ACTION_HEADER = 'x-inspector-action';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => ESCAPES[character]);
}

const time = (ms: number) => new Date(ms).toISOString().slice(11, 23);
const optionalMs = (ms: number | undefined) => (ms === undefined ? '' : `${ms} ms`);

function row(event: InspectorEvent): string {
  const id = escapeHtml(event.eventId ?? '(no id)');
  const path = ['received', ...event.path].map((kind) => `<span class="step ${escapeHtml(kind)}">${escapeHtml(kind)}</span>`).join(' → ');
  const replay = event.eventId !== undefined && REPLAYABLE_STATUSES.has(event.status)
    ? `<button type="button" class="replay" data-event-id="${id}">replay</button>` : '';
  const cells = [
    `<td class="event-id" title="${id}">${id}</td>`,
    `<td>${escapeHtml(event.messageGroupId ?? '')}</td>`,
    `<td class="path">${path}</td>`,
    `<td class="num">${event.attempts}</td>`,
    `<td>${time(event.firstAt)}</td>`,
    `<td class="num">${event.statusCode ?? ''}</td>`,
    `<td class="num">${optionalMs(event.ackMs)}</td>`,
    `<td class="num">${optionalMs(event.endToEndMs)}</td>`,
    `<td>${escapeHtml(event.processorOutcome ?? '')}</td>`,
    `<td>${escapeHtml(event.detail ?? '')}</td>`,
    `<td>${replay}</td>`,
  ];
  return `<tr class="event ${escapeHtml(event.status)}" data-status="${escapeHtml(event.status)}" data-event-id="${id}">${cells.join('')}</tr>`;
}

/** The live part: processing state, backlog and one row per event. */
export function renderLive(snapshot: InspectorSnapshot): string {
  const state = snapshot.paused ? '<strong class="paused">paused</strong> (the ingress keeps ACKing and queueing)' : '<strong class="active">active</strong>';
  const backlog = snapshot.backlog ? escapeHtml(formatBacklog(snapshot.backlog)) : 'unknown (SQS did not answer)';
  const rows = snapshot.events.length > 0 ? snapshot.events.map(row).join('\n')
    : '<tr><td colspan="11" class="empty">No events yet: send a sample webhook.</td></tr>';
  return `<p id="state" data-paused="${snapshot.paused}">Processing ${state} · queue backlog ${backlog} · ${snapshot.events.length} events shown</p>
<table><thead><tr><th>event id</th><th>group</th><th>path</th><th>attempts</th><th>received</th><th>answer</th><th>ack</th><th>end-to-end</th><th>processor</th><th>detail</th><th></th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:1.5rem;color:#1b1f24}
h1{font-size:1.3rem;margin:0 0 .3rem}code{background:#f0f2f4;padding:.1rem .3rem;border-radius:3px}
.actions{margin:.8rem 0}button{font:inherit;padding:.3rem .7rem;margin-right:.4rem;cursor:pointer}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #dde1e5;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}.num{text-align:right;white-space:nowrap}
.event-id{font-family:ui-monospace,monospace;max-width:14rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.step{padding:.05rem .35rem;border-radius:3px;background:#eef1f4}.step.processed{background:#d3f5dc}.step.duplicate{background:#e3e8ff}
.step.failed,.step.worker-failed,.step.dlq,.step.rejected,.step.not-stored{background:#ffd9d6}.step.deferred{background:#fff1c2}.step.replayed{background:#eadcff}
.paused{color:#a15c00}.active{color:#116329}#notice{min-height:1.2rem;color:#444}.empty{color:#666}`;

// Polls the live fragment; buttons POST with the action header; notices are text, never HTML.
const SCRIPT = `const live=document.getElementById('live'),notice=document.getElementById('notice');
const post=async(path,body)=>{const r=await fetch(path,{method:'POST',headers:{'${ACTION_HEADER}':'1','content-type':'application/json'},body:JSON.stringify(body||{})});
const answer=await r.json().catch(()=>({message:'HTTP '+r.status}));notice.textContent=answer.message;refresh();};
const refresh=async()=>{try{const r=await fetch('/live');if(r.ok)live.innerHTML=await r.text();}catch(e){notice.textContent='inspector unreachable: '+e.message;}};
document.addEventListener('click',(e)=>{const b=e.target.closest('button');if(!b)return;
if(b.id==='send-sample')post('/api/sample');else if(b.id==='pause')post('/api/pause');else if(b.id==='resume')post('/api/resume');
else if(b.classList.contains('replay'))post('/api/replay',{eventId:b.dataset.eventId});});
setInterval(refresh,1000);`;

export function renderPage(snapshot: InspectorSnapshot, nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(snapshot.pipelineName)} · webhook inspector</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style nonce="${nonce}">${STYLE}</style></head>
<body><h1>${escapeHtml(snapshot.pipelineName)} · local webhook inspector</h1>
<p>Webhook URL <code>POST ${escapeHtml(snapshot.webhookUrl)}</code>. Ids, paths and timings only: bodies, headers and the secret are never shown.</p>
<div class="actions"><button type="button" id="send-sample">send sample webhook</button><button type="button" id="pause">pause processing</button><button type="button" id="resume">resume processing</button></div>
<p id="notice" role="status"></p>
<div id="live">${renderLive(snapshot)}</div>
<script nonce="${nonce}">${SCRIPT}</script>
</body></html>`;
}
