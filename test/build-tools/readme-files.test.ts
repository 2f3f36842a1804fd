import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { extractQuickStartFiles } from '../../build-tools/readme-files';

const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const fence = '```';

describe('README quick-start files (what the consumer smoke builds)', () => {
  test('the README holds the processor and the stack, each one block, as a user saves them', () => {
    const files = extractQuickStartFiles(readme);

    expect(Object.keys(files).sort()).toEqual(['lib/webhooks-stack.ts', 'processor/index.js']);
    expect(files['processor/index.js']).toMatch(/^\/\*\* @typedef \{import\('ack-fast-webhook-pipeline\/lib\/runtime'\)/);
    expect(files['lib/webhooks-stack.ts']).toContain('export class WebhooksStack extends Stack');
    expect(files['lib/webhooks-stack.ts']).toContain("lambda.Code.fromAsset('processor')");
  });

  test('a missing file, a duplicate and a path outside the app are refused', () => {
    const block = (file: string) => `${fence}ts\n// ${file}\nexport {};\n${fence}\n`;
    expect(() => extractQuickStartFiles(block('lib/webhooks-stack.ts'))).toThrow('no code block starting with "// processor/index.js"');
    expect(() => extractQuickStartFiles(block('a.ts') + block('a.ts'))).toThrow('a.ts appears in two code blocks');
    expect(() => extractQuickStartFiles(block('../outside.ts'))).toThrow('../outside.ts is not a path inside the app');
  });
});
