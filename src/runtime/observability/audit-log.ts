/*
 * One structured JSON line per decision: the pipeline's audit trail (there is no audit table).
 *
 * The field set is closed on purpose: nothing typed here can carry a body, a secret or a
 * signature, so a log line cannot leak them by accident.
 */

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3 };

/**
 * The least severe level written: Lambda's application log level (AWS_LAMBDA_LOG_LEVEL, set by
 * the function's advanced logging controls), INFO when unset. Lambda drops lines below it too,
 * but a line not built costs neither CPU nor log bytes.
 */
export function logLevelFromEnvironment(value: string | undefined = process.env.AWS_LAMBDA_LOG_LEVEL): LogLevel {
  switch (value?.toUpperCase()) {
    case 'TRACE':
    case 'DEBUG':
      return 'DEBUG';
    case 'WARN':
      return 'WARN';
    case 'ERROR':
    case 'FATAL':
      return 'ERROR';
    default:
      return 'INFO';
  }
}

export interface AuditFields {
  readonly eventId?: string;
  readonly messageGroupId?: string;
  readonly messageId?: string;
  /** Why a request or record was rejected or failed, as a short machine-readable code. */
  readonly reason?: string;
  /** Name of an error class (never its message, which may quote the payload). */
  readonly errorClass?: string;
  readonly statusCode?: number;
  readonly attempt?: number;
  /** SQS's ApproximateReceiveCount of the record (the worker): at maxReceiveCount a failure moves it to the DLQ. */
  readonly receiveCount?: number;
  readonly bodyBytes?: number;
  readonly durationMs?: number;
  readonly retryAfterSeconds?: number;
  /** The invocation's time left, and the time a record needs, when a record is returned unrun. */
  readonly remainingMs?: number;
  readonly neededMs?: number;
  readonly count?: number;
  readonly requestId?: string;
  /** The ingress filter's JSON pointer (from the configuration, never the body's value) that left a webhook out. */
  readonly filterPointer?: string;
  /** Set when a request verified with the previous secret version (the label, never the value). */
  readonly secretVersion?: 'AWSPREVIOUS';
  /** The replay run a delivery belongs to (`ack-fast-webhook replay`). */
  readonly replayRunId?: string;
}

export type LineWriter = (line: string) => void;

const writeStdout: LineWriter = (line) => {
  process.stdout.write(line + '\n');
};

export class AuditLog {
  constructor(
    private readonly component: string,
    private readonly write: LineWriter = writeStdout,
    private readonly now: () => number = Date.now,
    private readonly minimumLevel: LogLevel = logLevelFromEnvironment(),
  ) {}

  /** Detail for debugging, off at the default INFO level. */
  public debug(message: string, fields: AuditFields = {}): void {
    this.emit('DEBUG', message, fields);
  }

  public info(message: string, fields: AuditFields = {}): void {
    this.emit('INFO', message, fields);
  }

  public warn(message: string, fields: AuditFields = {}): void {
    this.emit('WARN', message, fields);
  }

  public error(message: string, fields: AuditFields = {}): void {
    this.emit('ERROR', message, fields);
  }

  private emit(level: LogLevel, message: string, fields: AuditFields): void {
    if (LEVEL_RANK[level] < LEVEL_RANK[this.minimumLevel]) return;
    this.write(JSON.stringify({
      timestamp: new Date(this.now()).toISOString(),
      level,
      component: this.component,
      message,
      ...fields,
    }));
  }
}
