/*
 * The tests run on the Node.js the `node` devDependency installs (npm scripts and projen tasks
 * put node_modules/.bin first on their PATH), not on whatever Node the machine has.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const major = (version: string) => Number(/(\d+)/.exec(version)![1]);

describe('toolchain', () => {
  test('jest runs on the Node major the `node` devDependency declares', () => {
    expect(major(process.versions.node)).toBe(major(pkg.devDependencies.node));
  });

  test('a shell spawned from the test task finds that same Node first on its PATH', () => {
    const version = execFileSync('node', ['--version'], { encoding: 'utf8' }).trim();
    expect(version).toBe(`v${process.versions.node}`);
  });

  test('engines admit the Node the tests run on, and no line older than 22', () => {
    expect(pkg.engines.node).toBe('>= 22.0.0');
    expect(major(process.versions.node)).toBeGreaterThanOrEqual(22);
  });
});
