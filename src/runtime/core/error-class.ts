/*
 * The class of an error as logs and idempotency records keep it: a name only, never the message,
 * which may quote the payload, a queue URL or a secret.
 */

/** An error class must look like a name: anything else might quote the payload into the logs. */
const ERROR_CLASS_PATTERN = /^[A-Za-z_$][\w$.:-]{0,99}$/;

/** `candidate` when it looks like a name, else `fallback`. */
export function safeErrorClass(candidate: unknown, fallback: string): string {
  return typeof candidate === 'string' && ERROR_CLASS_PATTERN.test(candidate) ? candidate : fallback;
}

/** The class of a caught value: an Error's name when it looks like one, else 'Error'. */
export function errorClassOf(error: unknown): string {
  return safeErrorClass(error instanceof Error ? error.name : undefined, 'Error');
}
