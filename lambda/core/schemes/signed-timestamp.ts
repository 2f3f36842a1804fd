/*
 * The replay window shared by the timestamped schemes (stripe, standard-webhooks).
 */

/** Unix seconds as decimal digits only: no sign, fraction, exponent or whitespace. */
const UNIX_SECONDS = /^[0-9]{1,12}$/;

/** Parses a signed Unix-seconds timestamp; undefined when it is not plain decimal digits. */
export function parseUnixSeconds(text: string): number | undefined {
  return UNIX_SECONDS.test(text) ? Number(text) : undefined;
}

/** Whether `timestamp` lies within `toleranceSeconds` of `nowMs`, in both directions. */
export function isWithinTolerance(timestamp: number, nowMs: number, toleranceSeconds: number): boolean {
  const nowSeconds = Math.floor(nowMs / 1000);
  return Math.abs(nowSeconds - timestamp) <= toleranceSeconds;
}
