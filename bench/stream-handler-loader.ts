/*
 * Loads a bundled handler for the end-to-end run the way local/handler-loader.ts does (its own
 * process.env, stdout and stderr to the pipeline's line sink), except that they are real Writables.
 * Powertools Logger writes through node:console's Console, which needs stream methods
 * (once/removeListener) that the local loader's plain stdout object lacks: every baseline log
 * line would throw there. Both implementations load through here, so they are treated alike.
 * Remove once local/handler-loader.ts gives handlers a Writable stdout.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { compileFunction } from 'node:vm';
import type { HandlerEnvironment, HandlerFactory } from '../local/handler-loader';

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

export function streamLoadedHandler<T>(
  bundleFile: string,
  transform: (environment: HandlerEnvironment) => HandlerEnvironment = (environment) => environment,
): HandlerFactory<T> {
  return (given) => {
    const environment = transform(given);
    const env = { ...environment.variables };
    const stdout = lineWriter(environment.writeLine);
    const stderr = lineWriter(environment.writeLine);
    const processForHandler = new Proxy(process, {
      get(target, property) {
        if (property === 'env') return env;
        if (property === 'stdout') return stdout;
        if (property === 'stderr') return stderr;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const module = { exports: {} as Record<string, unknown> };
    const evaluate = compileFunction(readFileSync(bundleFile, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname', 'process'], {
      filename: bundleFile,
    });
    evaluate(module.exports, createRequire(bundleFile), module, bundleFile, path.dirname(bundleFile), processForHandler);
    if (typeof module.exports.handler !== 'function') throw new Error(`${bundleFile} exports no handler function`);
    return module.exports.handler as T;
  };
}
