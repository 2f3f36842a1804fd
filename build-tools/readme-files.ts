/*
 * The README's quick-start files: each fenced code block whose first line is a comment naming a
 * relative path (`// lib/webhooks-stack.ts`) is that file, as a user would save it.
 */
const BLOCK = /^```(?:ts|typescript|js|javascript)(?: [\w= ]+)?\n\/\/ ([\w./-]+\.(?:ts|js))\n([\s\S]*?)^```$/gm;

export function extractQuickStartFiles(readme: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [, file, body] of readme.matchAll(BLOCK)) {
    if (path(file) in files) throw new Error(`README: ${file} appears in two code blocks`);
    files[path(file)] = body;
  }
  for (const required of ['processor/index.js', 'lib/webhooks-stack.ts']) {
    if (!(required in files)) throw new Error(`README: no code block starting with "// ${required}"`);
  }
  return files;
}

function path(file: string): string {
  if (file.startsWith('/') || file.split('/').includes('..')) throw new Error(`README: ${file} is not a path inside the app`);
  return file;
}
