/*
 * valibot's record() lets arrays through; a JSON object check must rule them out first.
 */
import * as v from 'valibot';

/** A schema for a JSON object (not an array or null) whose values match `values`; `message` when it is not one. */
export function jsonObjectOf<TValue extends v.GenericSchema>(values: TValue, message: string) {
  return v.pipe(
    v.unknown(),
    v.check((input) => input !== null && typeof input === 'object' && !Array.isArray(input), message),
    v.record(v.string(), values),
  );
}
