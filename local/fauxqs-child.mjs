// fauxqs in a child process (it is ESM-only), driven by the parent over IPC:
// - reports its port once listening ({ type: 'listening', port });
// - shifts its clock on request ({ type: 'clock', offsetMs }), so the 5-minute FIFO deduplication
//   window and visibility deadlines can be passed without waiting (fauxqs reads Date.now());
// - forwards each dead-letter move ({ type: 'dlq', queueName, messageId, eventId }): no body leaves it.
// Queue URLs take the host the CreateQueue request was sent to (e.g. 127.0.0.1:port), so a client
// that reaches fauxqs through a proxy gets URLs that go through that proxy too.
// It exits when the parent goes away, so a crashed parent never leaves an orphan.
import { startFauxqs } from 'fauxqs';

// fauxqs (1.x and 2.x) names queues `sqs.<region>.localhost:<port>`, which may resolve to ::1
// where nothing listens; name them by the host the request reached instead (its package exports
// hide the store; 2.x passes the region as a fourth argument, unused here).
const { SqsStore } = await import(new URL('./sqs/sqsStore.js', import.meta.resolve('fauxqs')).href);
SqsStore.prototype.buildQueueUrl = function buildQueueUrl(queueName, _port, requestHost) {
  return `http://${requestHost}/000000000000/${queueName}`;
};

const realNow = Date.now.bind(Date);
let offsetMs = 0;
Date.now = () => realNow() + offsetMs;

const server = await startFauxqs({
  port: Number(process.env.FAUXQS_PORT ?? 0),
  defaultRegion: process.env.FAUXQS_DEFAULT_REGION,
  logger: false,
  messageSpies: { bufferSize: 1 },
});

const spy = server.spy;
const addMessage = spy.addMessage.bind(spy);
spy.addMessage = (message) => {
  if (message.service === 'sqs' && message.status === 'dlq') {
    process.send?.({
      type: 'dlq',
      queueName: message.queueName,
      messageId: message.messageId,
      eventId: message.messageAttributes?.eventId?.StringValue,
    });
  }
  addMessage(message);
};

process.on('message', (message) => {
  if (message?.type === 'clock' && Number.isFinite(message.offsetMs)) {
    offsetMs = message.offsetMs;
    process.send?.({ type: 'clock-set', offsetMs });
  }
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => {
  void server.stop().finally(() => process.exit(0));
});
process.send?.({ type: 'listening', port: server.port });
