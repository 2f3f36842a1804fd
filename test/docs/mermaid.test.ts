/*
 * Every mermaid block in docs/ and the README parses with mermaid itself: GitHub shows an error
 * box instead of a diagram that does not (a `;` in a sequence message ends the statement, for one).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const PARSER = path.join(__dirname, 'parse-mermaid.mjs');

interface ParseReport {
  readonly parsed: number;
  readonly failures: ReadonlyArray<{ readonly file: string; readonly block: number; readonly message: string }>;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) return markdownFiles(file);
    return file.endsWith('.md') ? [file] : [];
  });
}

function parseMermaid(files: readonly string[]): ParseReport {
  return JSON.parse(execFileSync(process.execPath, [PARSER, ...files], { encoding: 'utf8', timeout: 60_000 })) as ParseReport;
}

describe('mermaid diagrams', () => {
  test('every mermaid block in docs/ and the README parses', () => {
    // Prepare
    const files = [...markdownFiles(path.join(ROOT, 'docs')), path.join(ROOT, 'README.md')]
      .filter((file) => readFileSync(file, 'utf8').includes('```mermaid'));

    // Act
    const report = parseMermaid(files);

    // Assess
    process.stdout.write(`mermaid: ${report.parsed} blocks in ${files.length} files parsed, ${report.failures.length} failed\n`);
    expect(report.failures.map((failure) => `${path.relative(ROOT, failure.file)} block ${failure.block}: ${failure.message}`)).toEqual([]);
    expect(report.parsed).toBeGreaterThanOrEqual(15);
  }, 90_000);

  test('negative control: a sequence message with a semicolon fails to parse', () => {
    // Prepare
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'mermaid-')), 'broken.md');
    writeFileSync(file, '```mermaid\nsequenceDiagram\n    A->>B: ok\n```\n\n```mermaid\nsequenceDiagram\n    A->>B: finish; then more\n```\n');

    // Act
    const report = parseMermaid([file]);

    // Assess
    expect(report.parsed).toBe(1);
    expect(report.failures.map((failure) => failure.block)).toEqual([1]);
  }, 90_000);
});
