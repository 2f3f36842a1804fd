import { IngressFilterRuntimeConfig } from '../contract';
import { IngressFilter } from '../ingress-filter';
import { isJsonPointer } from '../runtime/ingest/json-pointer';

/** Most filters, and most accepted values per filter: the whole config travels in one environment variable (4 KB). */
export const MAX_INGRESS_FILTERS = 10;
export const MAX_ACCEPTED_VALUES = 50;

/**
 * `ingressFilters` checked at synth and turned into the handler's configuration; a bad one throws
 * naming `ingressFilters[i]` and the fix. Undefined when there are none (the config stays as before).
 */
export function resolveIngressFilters(filters: IngressFilter[] | undefined): IngressFilterRuntimeConfig[] | undefined {
  if (filters === undefined || filters.length === 0) return undefined;
  if (filters.length > MAX_INGRESS_FILTERS) {
    throw new Error(`ingressFilters names ${filters.length} filters; at most ${MAX_INGRESS_FILTERS} are allowed. Combine filters on the same pointer.`);
  }
  return filters.map((filter, index) => {
    const name = `ingressFilters[${index}]`;
    const { pointer, acceptedValues } = filter;
    if (typeof pointer !== 'string' || pointer === '' || !isJsonPointer(pointer)) {
      throw new Error(`${name}.pointer ${JSON.stringify(pointer)} is not an RFC 6901 JSON pointer to a field: `
        + "start it with '/', e.g. '/event', and write '~' as ~0 and '/' inside a name as ~1.");
    }
    if (!Array.isArray(acceptedValues) || acceptedValues.length === 0) {
      throw new Error(`${name}.acceptedValues is empty: a filter with no accepted value would leave every webhook out. `
        + 'Name the values to let through (e.g. [\'conversation.created\']) or remove the filter.');
    }
    if (acceptedValues.length > MAX_ACCEPTED_VALUES) {
      throw new Error(`${name}.acceptedValues names ${acceptedValues.length} values; at most ${MAX_ACCEPTED_VALUES} are allowed.`);
    }
    const notText = acceptedValues.findIndex((value) => typeof value !== 'string');
    if (notText >= 0) {
      throw new Error(`${name}.acceptedValues[${notText}] is not a string: write numbers and booleans as their JSON text, e.g. '42' or 'true'.`);
    }
    return { pointer, acceptedValues: [...new Set(acceptedValues)] };
  });
}
