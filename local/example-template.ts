/*
 * The example app's dev stack, synthesized in this process: the default settings of the local
 * pipeline come from it (the construct's defaults and the app's stage settings), never from a copy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import type { ProcessorMode } from './in-process-worker';
import { CfnTemplate } from './template-settings';
import { buildApp } from '../examples/prod-app/lib/app';

/** The stack `npx projen local` runs by default. */
export const EXAMPLE_STACK = 'rp-mw-dev';

/**
 * The stack synthesized in a processor mode (the app's `-c processorMode`): in-process, the
 * worker is the app's worker function (createWorker); lambda, the bundled worker and its processor.
 */
export function exampleTemplate(stackName: string = EXAMPLE_STACK, processorMode: ProcessorMode = 'in-process'): CfnTemplate {
  const outdir = mkdtempSync(path.join(tmpdir(), 'ack-fast-local-'));
  try {
    const assembly = buildApp(new App({ outdir, context: { processorMode } })).synth();
    return assembly.getStackByName(stackName).template as CfnTemplate;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
