// Parses every ```mermaid block of the Markdown files named on the command line with mermaid
// itself (in jsdom, as no browser is needed to parse) and prints one JSON line:
// { parsed, failures: [{ file, block, message }] }. Used by test/docs/mermaid.test.ts.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
for (const name of ['window', 'document', 'DOMParser', 'Element', 'HTMLElement']) globalThis[name] ??= name === 'window' ? dom.window : dom.window[name];
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let parsed = 0;
const failures = [];
for (const file of process.argv.slice(2)) {
  const blocks = [...readFileSync(file, 'utf8').matchAll(/```mermaid\n([\s\S]*?)```/g)].map((match) => match[1]);
  for (const [block, text] of blocks.entries()) {
    try {
      await mermaid.parse(text);
      parsed++;
    } catch (error) {
      failures.push({ file, block, message: String(error?.message ?? error).split('\n').slice(0, 3).join(' | ') });
    }
  }
}
process.stdout.write(`${JSON.stringify({ parsed, failures })}\n`);
