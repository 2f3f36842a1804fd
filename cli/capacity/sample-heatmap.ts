/*
 * `capacity --sample`: the sample week that ships in the npm package (docs/capacity/), read from
 * the installed package, so the CLI, the docs that quote it and the file a user can copy are one.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Where the sample lives inside the package (and the repository). */
export const SAMPLE_HEATMAP_NAME = 'docs/capacity/sample-heatmap.csv';
const PACKAGE_NAME = 'ack-fast-webhook-pipeline';

function isPackageRoot(directory: string): boolean {
  const manifest = path.join(directory, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return JSON.parse(readFileSync(manifest, 'utf8')).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/**
 * The package's root above `from` (this module's directory: cli/capacity in the repository,
 * assets/cli/ack-fast-webhook in the bundle), or undefined.
 */
export function packageRoot(from: string = __dirname): string | undefined {
  for (let directory = from; ; directory = path.dirname(directory)) {
    if (isPackageRoot(directory)) return directory;
    if (path.dirname(directory) === directory) return undefined;
  }
}

/** The sample's path in this installation; throws naming where it looked when it is missing. */
export function sampleHeatmapPath(from: string = __dirname): string {
  const root = packageRoot(from);
  const file = root === undefined ? undefined : path.join(root, SAMPLE_HEATMAP_NAME);
  if (file === undefined || !existsSync(file)) {
    throw new Error(`the sample heatmap ${SAMPLE_HEATMAP_NAME} is missing from this installation `
      + `(${root === undefined ? `no ${PACKAGE_NAME} package above ${from}` : `looked in ${root}`}); use --heatmap FILE`);
  }
  return file;
}
