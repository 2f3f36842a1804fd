/*
 * RFC 6901 JSON pointers, resolved over parsed JSON.
 *
 * Only own properties resolve: a pointer such as `/__proto__` or `/constructor` must never
 * reach Object.prototype, or a sender could make a required pointer "resolve" with no data.
 */

const hasOwn = (target: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(target, key);

/** What a pointer found: `found: false` when any step is missing. */
export type PointerResult =
  | { readonly found: true; readonly value: unknown }
  | { readonly found: false };

const NOT_FOUND: PointerResult = { found: false };

/** How to write a pointer, for the error that refuses one. */
export const JSON_POINTER_HINT = "use '/a/b', ~0 for '~', ~1 for '/'";

/** Whether `pointer` is syntactically an RFC 6901 pointer ('' or starting with '/', valid escapes). */
export function isJsonPointer(pointer: string): boolean {
  if (pointer === '') return true;
  if (!pointer.startsWith('/')) return false;
  // '~' must be followed by 0 or 1
  return !/~(?![01])/.test(pointer);
}

/** Splits a pointer into unescaped reference tokens (`~1` → `/` first, then `~0` → `~`). */
export function parseJsonPointer(pointer: string): string[] {
  if (!isJsonPointer(pointer)) {
    throw new Error(`"${pointer}" is not an RFC 6901 JSON pointer: use '' or '/a/b', with ~0 for '~' and ~1 for '/'`);
  }
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Array index token per RFC 6901: '0' or digits without a leading zero ('-' never resolves). */
const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/** Resolves `pointer` in `document`; never throws for a missing path, only for a malformed pointer. */
export function resolveJsonPointer(document: unknown, pointer: string): PointerResult {
  let current: unknown = document;
  for (const token of parseJsonPointer(pointer)) {
    if (Array.isArray(current)) {
      if (!ARRAY_INDEX.test(token)) return NOT_FOUND;
      const index = Number(token);
      if (index >= current.length) return NOT_FOUND;
      current = current[index];
    } else if (current !== null && typeof current === 'object') {
      if (!hasOwn(current, token)) return NOT_FOUND;
      current = (current as Record<string, unknown>)[token];
    } else {
      return NOT_FOUND;
    }
  }
  return { found: true, value: current };
}
