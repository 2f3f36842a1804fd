/*
 * Threat_Model.md names a test for each line: each named file must exist and contain the quoted
 * fragment (a test's name, or a row of its table), so the document cannot point at tests that are gone.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const DOC = path.join(__dirname, '..', '..', 'docs', '02_System_Architecture', 'Threat_Model.md');
const text = readFileSync(DOC, 'utf8');
const rows = text.split('\n').filter((line) => /^\| (can|cannot)/.test(line));

/** Every `[file](../../test/...) "fragment"` pair of a row (several fragments may follow one link, separated by `; "`). */
function references(row: string): Array<{ file: string; fragment: string }> {
  const found: Array<{ file: string; fragment: string }> = [];
  const link = /\[[^\]]+\]\(\.\.\/\.\.\/(test\/[^)]+)\)((?:\s*;?\s*"[^"]+")+)/g;
  for (const match of row.matchAll(link)) {
    for (const fragment of match[2].matchAll(/"([^"]+)"/g)) found.push({ file: match[1], fragment: fragment[1] });
  }
  return found;
}

describe('Threat_Model.md', () => {
  test('has a row for each adversary, and every "cannot" row names a test', () => {
    expect(rows.length).toBeGreaterThan(25);
    for (const row of rows.filter((line) => line.startsWith('| cannot'))) {
      expect({ row, references: references(row).length > 0 }).toEqual({ row, references: true });
    }
  });

  test.each(rows.flatMap(references).map(({ file, fragment }) => [file, fragment]))('%s holds a test named like "%s"', (file, fragment) => {
    const source = readFileSync(path.join(__dirname, '..', '..', file), 'utf8');
    // Test names are written in single quotes with \' for apostrophes.
    expect(source.replace(/\\'/g, '\'')).toContain(fragment);
  });
});
