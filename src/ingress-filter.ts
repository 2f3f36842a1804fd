/**
 * One ingress filter: a webhook whose field at `pointer` is not one of `acceptedValues` is
 * acknowledged (200, so the sender does not retry) but not enqueued, counted in the `Filtered`
 * metric and logged once at INFO with the reason.
 *
 * Filters run after the signature and the body checks, so a forged or malformed request is still
 * rejected, never quietly "filtered".
 */
export interface IngressFilter {
  /** RFC 6901 JSON pointer to the field to test, e.g. `/event`. */
  readonly pointer: string;

  /**
   * The values that let a webhook through. A string field matches by equality; a number or a
   * boolean by its JSON text (`42`, `true`); a missing field, `null`, an object or an array never matches.
   */
  readonly acceptedValues: string[];
}
