import { AuditLog, logLevelFromEnvironment } from '../../../src/runtime/observability/audit-log';

function recordingLog(level?: Parameters<typeof logLevelFromEnvironment>[0]) {
  const lines: string[] = [];
  const log = new AuditLog('worker', (line) => lines.push(line), () => 0, logLevelFromEnvironment(level));
  return { log, levels: () => lines.map((line) => JSON.parse(line).level) };
}

describe('audit log levels (Lambda\'s AWS_LAMBDA_LOG_LEVEL)', () => {
  test.each([
    [undefined, 'INFO'], ['', 'INFO'], ['TRACE', 'DEBUG'], ['debug', 'DEBUG'], ['INFO', 'INFO'], ['WARN', 'WARN'], ['ERROR', 'ERROR'], ['FATAL', 'ERROR'],
    ['nonsense', 'INFO'],
  ])('%p → %s', (value, expected) => {
    expect(logLevelFromEnvironment(value)).toBe(expected);
  });

  test.each([
    // level, the lines kept of debug, info, warn, error
    [undefined, ['INFO', 'WARN', 'ERROR']],
    ['DEBUG', ['DEBUG', 'INFO', 'WARN', 'ERROR']],
    ['WARN', ['WARN', 'ERROR']],
    ['ERROR', ['ERROR']],
  ])('at %p the log writes %p', (level, kept) => {
    // Prepare
    const { log, levels } = recordingLog(level);

    // Act
    log.debug('event claimed', { eventId: 'e1' });
    log.info('event processed', { eventId: 'e1' });
    log.warn('event failed', { eventId: 'e1' });
    log.error('completion not recorded', { eventId: 'e1' });

    // Assess
    expect(levels()).toEqual(kept);
  });

  test('without an explicit level the log follows the environment variable', () => {
    // Prepare
    const before = process.env.AWS_LAMBDA_LOG_LEVEL;
    const lines: string[] = [];
    try {
      process.env.AWS_LAMBDA_LOG_LEVEL = 'DEBUG';
      const debugLog = new AuditLog('worker', (line) => lines.push(line));
      delete process.env.AWS_LAMBDA_LOG_LEVEL;
      const defaultLog = new AuditLog('worker', (line) => lines.push(line));

      // Act
      debugLog.debug('kept');
      defaultLog.debug('dropped');

      // Assess
      expect(lines.map((line) => JSON.parse(line).message)).toEqual(['kept']);
    } finally {
      if (before === undefined) delete process.env.AWS_LAMBDA_LOG_LEVEL;
      else process.env.AWS_LAMBDA_LOG_LEVEL = before;
    }
  });
});
