/* Moved to src/runtime/observability (lib/runtime): handlers, enqueuers and sweeps log and count alike. */
export * from '../../src/runtime/observability/metrics';
