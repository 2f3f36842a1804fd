import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadBundledHandler } from '../../local/handler-loader';

describe('loadBundledHandler', () => {
  let dir: string;
  let bundle: string;
  let consoleBundle: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'loader-'));
    bundle = path.join(dir, 'index.js');
    // Like a handler bundle: reads its configuration at load time, logs to stdout.
    writeFileSync(bundle, [
      '"use strict";',
      'const config = process.env.CONFIG;',
      'exports.handler = async () => { process.stdout.write(`config=${config}\\n`); return { config, now: Date.now(), date: new Date().getTime() }; };',
    ].join('\n'));
    // Like Powertools Logger: a Console on process.stdout/stderr, which calls stream methods (once, removeListener) on each write.
    consoleBundle = path.join(dir, 'console.js');
    writeFileSync(consoleBundle, [
      '"use strict";',
      'const { Console } = require("node:console");',
      'const logger = new Console({ stdout: process.stdout, stderr: process.stderr });',
      'exports.handler = async () => { logger.info("info line"); logger.error("error line"); process.stdout.write("part"); process.stdout.write("ial\\nrest"); };',
    ].join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('each load has its own environment, clock and stdout', async () => {
    // Prepare
    const lines: string[] = [];
    const load = (config: string, now: number) => loadBundledHandler<() => Promise<Record<string, unknown>>>(bundle, {
      variables: { CONFIG: config }, now: () => now, writeLine: (line) => lines.push(line),
    });

    // Act
    const first = await load('a', 1000)();
    const second = await load('b', 2000)();

    // Assess
    expect(first).toEqual({ config: 'a', now: 1000, date: 1000 });
    expect(second).toEqual({ config: 'b', now: 2000, date: 2000 });
    expect(lines).toEqual(['config=a', 'config=b']);
    expect(process.env.CONFIG).toBeUndefined();
  });

  test('stdout and stderr are streams a Console can write to; complete lines of both reach writeLine', async () => {
    // Prepare
    const lines: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write');
    const stderr = jest.spyOn(process.stderr, 'write');
    const handler = loadBundledHandler<() => Promise<void>>(consoleBundle, { variables: {}, now: Date.now, writeLine: (line) => lines.push(line) });

    // Act
    await handler();
    const leaked = [...stdout.mock.calls, ...stderr.mock.calls].map(([chunk]) => String(chunk)).filter((text) => /line|partial/.test(text));
    stdout.mockRestore();
    stderr.mockRestore();

    // Assess
    expect(lines).toEqual(['info line', 'error line', 'partial']);
    expect(leaked).toEqual([]);
  });

  test('a missing bundle says how to build it', () => {
    expect(() => loadBundledHandler(path.join(dir, 'absent.js'), { variables: {}, now: Date.now, writeLine: () => undefined }))
      .toThrow(/run `npx projen bundle` first/);
  });
});
