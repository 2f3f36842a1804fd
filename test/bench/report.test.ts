import { compareRow, formatSpread, OURS_AT_MOST, RATIO_AT_MOST, renderTable, textRow } from '../../bench/report';

describe('bench report', () => {
  test('a ratio target is met at or below its limit and missed above it', () => {
    // Act
    const met = compareRow('bundle', 'bytes', [50], [100], RATIO_AT_MOST(0.5));
    const missed = compareRow('bundle', 'bytes', [51], [100], RATIO_AT_MOST(0.5));

    // Assess
    expect(met).toMatchObject({ ratio: 0.5, target: '≤ 0.5×', met: true });
    expect(missed).toMatchObject({ ratio: 0.51, met: false });
  });

  test('an absolute target looks at our median only', () => {
    // Act
    const row = compareRow('overhead p99', 'ms', [1.5, 2.5, 1.9], [40], OURS_AT_MOST(2, 'ms'));

    // Assess
    expect(row.ours?.median).toBe(1.9);
    expect(row.met).toBe(true);
  });

  test('a side that was not measured leaves the target unjudged, never met', () => {
    // Act
    const row = compareRow('e2e', 'ms', [], [3], OURS_AT_MOST(2, 'ms'));

    // Assess
    expect(row.met).toBeUndefined();
    expect(row.ratio).toBeUndefined();
    expect(formatSpread(row.ours)).toBe('not measured');
  });

  test('the table shows medians with their spread, the ratio, and NO for a missed target', () => {
    // Prepare
    const rows = [
      compareRow('Ingress bundle', 'bytes', [513_250], [1_134_143], RATIO_AT_MOST(0.5)),
      compareRow('Cold init', 'ms', [100, 110, 120, 130], [150, 150, 150, 150], RATIO_AT_MOST(0.5)),
      textRow('Exactly once', 'yes', 'yes'),
    ];

    // Act
    const lines = renderTable(rows).split('\n');

    // Assess
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^\| Metric +\| Ours +\| Baseline +\| Ours\/Baseline \| Target +\| Met \|$/);
    expect(lines[2]).toMatch(/\| 513,250 +\| 1,134,143 +\| 0\.45× +\| ≤ 0\.5× +\| yes +\|/);
    expect(lines[3]).toMatch(/\| 115 ±9% +\| 150 ±0% +\| 0\.77× +\| ≤ 0\.5× +\| NO +\|/);
    expect(lines[4]).toMatch(/\| Exactly once +\| yes +\| yes +\|/);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });
});
