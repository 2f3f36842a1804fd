/*
 * JSON text that may not be JSON (a queue message, a processor's answer, a webhook body), parsed
 * without a throw: the caller turns `ok: false` into its own outcome.
 */

export type JsonParseResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

const NOT_JSON: JsonParseResult = { ok: false };

export function parseJson(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return NOT_JSON;
  }
}
