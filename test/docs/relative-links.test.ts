/*
 * Every relative link in docs/ and the README points at a file of the repository: a file moved
 * or renamed (a test, a source file, a document) must take its links along.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) return markdownFiles(file);
    return file.endsWith('.md') ? [file] : [];
  });
}

/** The relative link targets of a Markdown text (code blocks, URLs and in-page anchors left out), without their #fragment. */
export function relativeLinkTargets(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1])
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0]);
}

describe('relative links in the documentation', () => {
  test('every relative link in docs/ and the README names an existing file', () => {
    // Prepare
    const files = [...markdownFiles(path.join(ROOT, 'docs')), path.join(ROOT, 'README.md')];

    // Act
    const links = files.flatMap((file) => relativeLinkTargets(readFileSync(file, 'utf8')).map((target) => ({ file, target })));
    const broken = links.filter(({ file, target }) => !existsSync(path.resolve(path.dirname(file), target)));

    // Assess
    process.stdout.write(`docs links: ${links.length} relative links in ${files.length} files, ${broken.length} broken\n`);
    expect(broken.map(({ file, target }) => `${path.relative(ROOT, file)} → ${target}`)).toEqual([]);
    expect(links.length).toBeGreaterThan(100);
  });

  test('negative control: links are found in prose, not in code, URLs or anchors', () => {
    // Act
    const targets = relativeLinkTargets('[a](../x.md#part) [b](https://e.com) [c](#here)\n```\n[d](gone.md)\n```\n[e](./y.ts)');
    // Assess
    expect(targets).toEqual(['../x.md', './y.ts']);
  });
});
