/*
 * Ingress filters: which verified, valid webhooks the pipeline wants. Pure.
 *
 * A webhook no filter objects to passes; the first filter that objects names the pointer and why,
 * for the one INFO line and the `Filtered` metric. The field's value itself is never reported:
 * it comes from the body.
 */
import { resolveJsonPointer } from './json-pointer';
import { IngressFilterRuntimeConfig } from '../../contract';

/** Why a filter left a webhook out (the audit line's `reason`). */
export const FILTER_REASONS = {
  /** The field is absent. */
  fieldMissing: 'filter_field_missing',
  /** The field is present but not one of the accepted values (or not a string, number or boolean). */
  valueNotAccepted: 'filter_value_not_accepted',
} as const;

export interface FilterMiss {
  readonly pointer: string;
  readonly reason: typeof FILTER_REASONS[keyof typeof FILTER_REASONS];
}

/** A string as is, a number or boolean as its JSON text; anything else has no comparable text. */
function comparableText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  return undefined;
}

/** The first filter `payload` fails, or undefined when every filter accepts it. */
export function firstFilterMiss(payload: unknown, filters: readonly IngressFilterRuntimeConfig[] | undefined): FilterMiss | undefined {
  for (const filter of filters ?? []) {
    const found = resolveJsonPointer(payload, filter.pointer);
    if (!found.found) return { pointer: filter.pointer, reason: FILTER_REASONS.fieldMissing };
    const text = comparableText(found.value);
    if (text === undefined || !filter.acceptedValues.includes(text)) return { pointer: filter.pointer, reason: FILTER_REASONS.valueNotAccepted };
  }
  return undefined;
}
