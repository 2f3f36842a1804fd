/*
 * Sends segment documents to the X-Ray daemon Lambda runs next to the function (UDP,
 * AWS_XRAY_DAEMON_ADDRESS). Fire and forget, as the X-Ray SDK does: a lost datagram costs a
 * span, never a webhook; the socket does not keep the process alive.
 */
import { createSocket, Socket } from 'node:dgram';
import { SegmentSink } from '../observability/trace-context';

export type { SegmentSink } from '../observability/trace-context';

export const DAEMON_ADDRESS_ENV = 'AWS_XRAY_DAEMON_ADDRESS';
const DEFAULT_DAEMON = { host: '127.0.0.1', port: 2000 };

/** `127.0.0.1:2000`, or Lambda's `udp:169.254.79.129:2000 tcp:...` form: the UDP address. */
export function daemonAddress(value: string | undefined): { host: string; port: number } {
  if (value === undefined || value.trim() === '') return DEFAULT_DAEMON;
  const udp = value.split(/\s+/).find((part) => part.startsWith('udp:')) ?? value.split(/\s+/).find((part) => !part.startsWith('tcp:'));
  const match = /^(?:udp:)?([^:\s]+):(\d+)$/.exec(udp ?? '');
  if (!match) return DEFAULT_DAEMON;
  return { host: match[1], port: Number(match[2]) };
}

export class XRayDaemonSink implements SegmentSink {
  private socket?: Socket;
  private readonly address: { host: string; port: number };

  constructor(address: string | undefined = process.env[DAEMON_ADDRESS_ENV]) {
    this.address = daemonAddress(address);
  }

  public send(document: string): void {
    if (this.socket === undefined) {
      this.socket = createSocket('udp4');
      this.socket.on('error', () => undefined);
      this.socket.unref();
    }
    this.socket.send(document, this.address.port, this.address.host, () => undefined);
  }

  public close(): void {
    this.socket?.close();
    this.socket = undefined;
  }
}
