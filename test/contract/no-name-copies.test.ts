/*
 * Every name the construct, the handlers and the CLI share (environment variables, message
 * attributes, key prefixes, the idempotency record's and the sweep cursor's attributes and
 * statuses) is spelled once, in src/contract/, and imported everywhere else. This scans the
 * shipped and tooling code for any of those names written as a string literal outside it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as contract from '../../src/contract';

const ROOT = path.join(__dirname, '..', '..');
const SCANNED = ['src', 'lambda', 'cli', 'local', 'bench', 'build-tools', 'examples/prod-app'];
const CONTRACT_DIR = path.join(ROOT, 'src', 'contract');

/**
 * Record attributes whose names are ordinary words other code uses for its own things (a JSON
 * field, an HTTP status); they are still imported where the record is read or written.
 */
const ORDINARY_WORDS = new Set(['status', 'attempts', 'messageGroupId', 'updatedAt', 'eventId', 'pk', 'expiresAt', 'pageToken']);

/** The names the contract defines, read from its modules (so the test follows the contract). */
function contractNames(): string[] {
  const values = [
    ...Object.values(contract.RECORD_ATTRIBUTE),
    ...Object.values(contract.SWEEP_CURSOR_ATTRIBUTE),
    contract.EVENT_STATUS.inProgress,
    contract.MANUAL_REPLAY_ERROR_CLASS,
    ...Object.entries(contract).filter(([name, value]) => /(_ENV|_KEY_PREFIX|^MESSAGE_ATTRIBUTE_\w+)$/.test(name) && typeof value === 'string').map(([, value]) => value as string),
  ];
  return [...new Set(values)].filter((name) => !ORDINARY_WORDS.has(name));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    if (entry === 'node_modules' || entry === 'cdk.out' || entry === 'results' || file === CONTRACT_DIR) return [];
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

/** `name` written as a string literal (quotes or a template's start) on a line that is not a comment. */
export function literalCopies(text: string, names: readonly string[]): string[] {
  const hits: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (/^\s*(\*|\/\/|\/\*)/.test(line)) return;
    for (const name of names) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\#]/g, '\\$&');
      if (new RegExp(`['"\`]${escaped}${name.endsWith('#') ? '' : '[\'"`]'}`).test(line)) hits.push(`${index + 1}: ${name}: ${line.trim()}`);
    }
  });
  return hits;
}

describe('the contract folder is the one spelling of every shared name', () => {
  const names = contractNames();

  test('the names checked include the env variables, message attributes, key prefixes and record attributes', () => {
    // Assess
    expect(names).toEqual(expect.arrayContaining([
      'ACK_FAST_INGRESS_CONFIG', 'ACK_FAST_WORKER_CONFIG', 'ACK_FAST_STATE_TABLE', 'ACK_FAST_ENQUEUE_CONFIG', 'ACK_FAST_SWEEP_CONFIG',
      'receivedAt', 'signedHeaders', 'replayRunId', 'event#', 'rl#', 'sweep#', 'IN_PROGRESS', 'leaseOwner', 'leaseExpiresAt', 'releasedBy',
      'completedReplayRuns', 'ManualReplay', 'leaseUntil', 'coveredUntil',
    ]));
  });

  test('no file outside src/contract writes one of them as a string literal', () => {
    // Act
    const copies = SCANNED.flatMap((dir) => sourceFiles(path.join(ROOT, dir))
      .flatMap((file) => literalCopies(readFileSync(file, 'utf8'), names).map((hit) => `${path.relative(ROOT, file)}:${hit}`)));
    // Assess
    expect(copies).toEqual([]);
  });

  test('negative control: a copied name in code is found, the same name in a comment is not', () => {
    // Act / Assess
    expect(literalCopies("const names = { '#owner': 'leaseOwner' };\n  // leaseOwner is the claim's owner", names)).toEqual([
      "1: leaseOwner: const names = { '#owner': 'leaseOwner' };",
    ]);
    expect(literalCopies('const key = `event#${namespace}#`;', names)).toHaveLength(1);
  });
});
