import { parseBenchOptions } from '../../bench/options';

describe('bench options', () => {
  test('defaults are the publishable run; --quick shortens every measurement', () => {
    // Act
    const full = parseBenchOptions([]);
    const quick = parseBenchOptions(['--quick']);

    // Assess
    expect(full).toMatchObject({ runs: 5, coldRuns: 15, requests: 1000, events: 300, endToEndRate: 20, endToEndSeconds: 15, help: false });
    expect(quick).toMatchObject({ runs: 2, coldRuns: 5, requests: 100, events: 100, endToEndSeconds: 5 });
  });

  test('explicit values win over --quick', () => {
    // Act
    const options = parseBenchOptions(['--quick', '--runs', '3', '--rate', '12.5', '--out', '/tmp/bench.json']);

    // Assess
    expect(options).toMatchObject({ runs: 3, endToEndRate: 12.5, outFile: '/tmp/bench.json' });
  });

  test.each([
    [['--runs', '0'], /--runs must be a positive integer, got '0'/],
    [['--events', '2.5'], /--events must be a positive integer, got '2.5'/],
    [['--rate', 'fast'], /--rate must be a positive number, got 'fast'/],
    [['--warp'], /Unknown option '--warp'/],
    [['extra'], /unexpected argument 'extra'/],
  ])('%j is refused with a message that names the option', (argv, message) => {
    // Assess
    expect(() => parseBenchOptions(argv)).toThrow(message);
  });
});
