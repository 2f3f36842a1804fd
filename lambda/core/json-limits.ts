/* Moved to src/runtime/ingest (lib/runtime): the ingress and every other producer share it. */
export * from '../../src/runtime/ingest/json-limits';
