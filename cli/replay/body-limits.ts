/*
 * `replay --message-file`: the ingress's body limits, as the pipeline's props set them. The CLI
 * cannot read the deployed ingress configuration, so the defaults are the construct's defaults
 * and the operator passes what the pipeline changed.
 */
import {
  DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_JSON_ELEMENTS, MAX_BODY_BYTES,
} from '../../src/contract';
import { isJsonPointer } from '../../src/runtime/ingest/json-pointer';
import { BodyRules } from '../../src/runtime/ingest/webhook-body';
import { OptionSpec, ParsedArgs, positiveNumber, UsageError } from '../options';

export const BODY_LIMIT_OPTIONS: OptionSpec = {
  'max-body-bytes': { type: 'string' },
  'max-json-depth': { type: 'string' },
  'max-json-elements': { type: 'string' },
  'required-pointer': { type: 'string', multiple: true },
};

export const BODY_LIMIT_HELP = [
  `  --max-body-bytes N    the pipeline's maxBodySize in bytes (default ${DEFAULT_MAX_BODY_BYTES})`,
  `  --max-json-depth N    the pipeline's maxJsonDepth (default ${DEFAULT_MAX_JSON_DEPTH})`,
  `  --max-json-elements N the pipeline's maxJsonElements (default ${DEFAULT_MAX_JSON_ELEMENTS})`,
  '  --required-pointer P  one of the pipeline\'s requiredJsonPointers (repeat for each)',
].join('\n');

/** The ingress's body limits, as the pipeline's props set them (defaults: the construct's). */
export function bodyRules(values: ParsedArgs['values']): BodyRules {
  const required = (values['required-pointer'] as unknown as string[] | undefined) ?? [];
  const notPointer = required.find((pointer) => !isJsonPointer(pointer));
  if (notPointer !== undefined) throw new UsageError(`replay: --required-pointer '${notPointer}' is not an RFC 6901 JSON pointer (e.g. /ticket/id)`);
  const maxBodyBytes = positiveNumber('replay', values, 'max-body-bytes', DEFAULT_MAX_BODY_BYTES, true)!;
  if (maxBodyBytes > MAX_BODY_BYTES) throw new UsageError(`replay: --max-body-bytes is at most ${MAX_BODY_BYTES} (one SQS message with its attributes)`);
  return {
    maxBodyBytes,
    maxJsonDepth: positiveNumber('replay', values, 'max-json-depth', DEFAULT_MAX_JSON_DEPTH, true),
    maxJsonElements: positiveNumber('replay', values, 'max-json-elements', DEFAULT_MAX_JSON_ELEMENTS, true),
    requiredJsonPointers: required,
  };
}

