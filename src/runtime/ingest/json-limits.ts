/*
 * How deep and how big a JSON body may be, measured on the raw text before JSON.parse.
 *
 * A body of 100,000 '[' is valid JSON a few hundred KiB long: JSON.parse may accept it, but any
 * recursive walk over it later (the worker, a processor, JSON.stringify) overflows the stack and
 * the message becomes poison. The scan is one pass over the characters, iterative, and stops at
 * the first limit crossed, so it costs at most as much as the parse it protects.
 */

export interface JsonStructureLimits {
  /** Most nested objects/arrays: `{}` is depth 1, `{"a":[]}` depth 2. */
  readonly maxDepth: number;
  /** Most object keys plus array elements in the whole document. */
  readonly maxElements: number;
}

export type JsonStructureProblem =
  | { readonly reason: 'json_too_deep'; readonly message: string }
  | { readonly reason: 'json_too_many_elements'; readonly message: string };

export function jsonTooDeepMessage(maxDepth: number): string {
  return `Body nests objects and arrays deeper than ${maxDepth} levels`;
}

export function jsonTooManyElementsMessage(maxElements: number): string {
  return `Body holds more than ${maxElements} object keys and array elements`;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * The first limit `text` crosses, or undefined. Counts structure only (strings are skipped, with
 * their escapes); it does not validate the JSON, which JSON.parse does next.
 */
export function jsonStructureProblem(text: string, limits: JsonStructureLimits): JsonStructureProblem | undefined {
  let depth = 0;
  let elements = 0;
  /** Just after '{' or '[': the next token is the container's first member, unless it closes it. */
  let awaitingFirstMember = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isJsonWhitespace(code)) continue;
    if (awaitingFirstMember) {
      awaitingFirstMember = false;
      if (code !== CLOSE_OBJECT && code !== CLOSE_ARRAY) elements++;
    }
    if (code === QUOTE) {
      index = endOfString(text, index);
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      depth++;
      if (depth > limits.maxDepth) return { reason: 'json_too_deep', message: jsonTooDeepMessage(limits.maxDepth) };
      awaitingFirstMember = true;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth--;
    } else if (code === COMMA && depth > 0) {
      elements++;
    }
    if (elements > limits.maxElements) {
      return { reason: 'json_too_many_elements', message: jsonTooManyElementsMessage(limits.maxElements) };
    }
  }
  return undefined;
}

/** Index of the quote that closes the string opened at `start` (or the last index when it never closes). */
function endOfString(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) index++;
    else if (code === QUOTE) return index;
  }
  return text.length - 1;
}
