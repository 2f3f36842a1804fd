/*
 * Loads a Lambda handler the way the Lambda runtime does: the bundled file, evaluated once per
 * "execution environment" with the function's environment variables, then called per event.
 *
 * Each load gets its own `process.env` (and stdout, stderr), so two pipelines, or ours and a baseline,
 * can run in one process without sharing endpoints or configuration. `Date` follows the local
 * pipeline's clock, so tests can move time for the handlers as well.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { compileFunction, constants as vmConstants } from 'node:vm';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

export type LocalIngressHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
export type LocalWorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

/** What a handler is given when it is loaded. */
export interface HandlerEnvironment {
  /** The function's environment: the template's variables, Lambda's own, and the local endpoints. */
  readonly variables: Readonly<Record<string, string>>;
  /** Epoch milliseconds of the local pipeline's clock. */
  readonly now: () => number;
  /** Receives every line the handler writes to stdout or stderr (its logs and metrics). */
  readonly writeLine: (line: string) => void;
}

/** Builds a handler for one environment; the bench plugs its baseline handlers in through this. */
export type HandlerFactory<T> = (environment: HandlerEnvironment) => T | Promise<T>;

/** The ingress and worker handlers of a local pipeline. */
export interface LocalHandlers {
  readonly ingress: HandlerFactory<LocalIngressHandler>;
  readonly worker: HandlerFactory<LocalWorkerHandler>;
}

const ROOT = path.join(__dirname, '..');
/** Where `npx projen bundle` writes the handlers (src/functions/*-function.ts point the construct there). */
export const BUNDLED_INGRESS = path.join(ROOT, 'assets', 'lambda', 'ingress', 'ingress.lambda', 'index.js');
export const BUNDLED_WORKER = path.join(ROOT, 'assets', 'lambda', 'worker', 'worker.lambda', 'index.js');

/** A `Date` whose current time is `now()`; every other use behaves as the real one. */
function clockDate(now: () => number): DateConstructor {
  class LocalDate extends Date {
    public static now(): number {
      return now();
    }
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now());
      else super(...(args as [string]));
    }
  }
  return LocalDate as unknown as DateConstructor;
}

/** A Writable that hands `writeLine` each complete line written to it. */
function lineWriter(writeLine: (line: string) => void): Writable {
  let pending = '';
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        writeLine(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
      callback();
    },
  });
}

/**
 * The real process, except `env` (this function's variables) and `stdout`/`stderr` (to writeLine).
 * They are real streams: a `Console` built on them (Powertools Logger makes one) calls stream
 * methods such as once and removeListener on every write.
 */
function processFor(environment: HandlerEnvironment): NodeJS.Process {
  const env = { ...environment.variables };
  const stdout = lineWriter(environment.writeLine);
  const stderr = lineWriter(environment.writeLine);
  return new Proxy(process, {
    get(target, property) {
      if (property === 'env') return env;
      if (property === 'stdout') return stdout;
      if (property === 'stderr') return stderr;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Evaluates a CommonJS bundle with `environment` and returns its exported `handler`. */
export function loadBundledHandler<T>(bundleFile: string, environment: HandlerEnvironment, exportName = 'handler'): T {
  let source: string;
  try {
    source = readFileSync(bundleFile, 'utf8');
  } catch {
    throw new Error(`Handler bundle ${bundleFile} not found: run \`npx projen bundle\` first (\`npx projen local\` does).`);
  }
  const module = { exports: {} as Record<string, unknown> };
  const parameters = ['exports', 'require', 'module', '__filename', '__dirname', 'process', 'Date'];
  // The SDK's ES module builds load node:https with import() on first use: Node's own loader answers it, as on Lambda.
  const evaluate = compileFunction(source, parameters, {
    filename: bundleFile,
    importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const require = createRequire(bundleFile);
  evaluate(module.exports, require, module, bundleFile, path.dirname(bundleFile), processFor(environment), clockDate(environment.now));
  const handler = module.exports[exportName];
  if (typeof handler !== 'function') throw new Error(`${bundleFile} exports no function '${exportName}'`);
  return handler as T;
}

/** A factory that loads `bundleFile` (a Lambda bundle exporting `handler`). */
export function bundledHandler<T>(bundleFile: string): HandlerFactory<T> {
  return (environment) => loadBundledHandler<T>(bundleFile, environment);
}

/** Our handlers, from the bundles the construct deploys. */
export const BUNDLED_HANDLERS: LocalHandlers = {
  ingress: bundledHandler<LocalIngressHandler>(BUNDLED_INGRESS),
  worker: bundledHandler<LocalWorkerHandler>(BUNDLED_WORKER),
};
