/*
 * One test convention (issue #18): Prepare / Act / Assess comments, never GIVEN / WHEN / THEN.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const TEST_ROOT = __dirname;

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) return entry === '__snapshots__' ? [] : testFiles(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

/** The comment lines that use the other convention. */
export function otherConventionLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s*\/\/ (GIVEN|WHEN|THEN)\b/.test(line)).map((line) => line.trim());
}

describe('test conventions', () => {
  test('every test file marks its steps with Prepare / Act / Assess, none with GIVEN / WHEN / THEN', () => {
    // Act
    const offending = testFiles(TEST_ROOT).flatMap((file) => otherConventionLines(readFileSync(file, 'utf8'))
      .map((line) => `${path.relative(TEST_ROOT, file)}: ${line}`));
    // Assess
    expect(offending).toEqual([]);
  });

  test('negative control: a GIVEN comment is found, a Prepare comment is not', () => {
    // Act / Assess
    expect(otherConventionLines('  // GIVEN a pipeline\n  // Prepare: a pipeline\n')).toEqual(['// GIVEN a pipeline']);
  });
});
