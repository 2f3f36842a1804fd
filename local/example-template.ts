/*
 * The example app's dev stack, synthesized in this process: the default settings of the local
 * pipeline come from it (the construct's defaults and the app's stage settings), never from a copy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CfnTemplate } from './template-settings';
import { buildApp } from '../examples/prod-app/lib/app';

/** The stack `npx projen local` runs by default. */
export const EXAMPLE_STACK = 'rp-mw-dev';

export function exampleTemplate(stackName: string = EXAMPLE_STACK): CfnTemplate {
  const outdir = mkdtempSync(path.join(tmpdir(), 'ack-fast-local-'));
  try {
    const assembly = buildApp(new App({ outdir })).synth();
    return assembly.getStackByName(stackName).template as CfnTemplate;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
