/** The values of each EMF (CloudWatch embedded metric format) line, without the _aws metadata. */
export function metricValues(metricLines: readonly string[]): Array<Record<string, unknown>> {
  return metricLines.map((line) => {
    const { _aws: _metadata, ...values } = JSON.parse(line) as Record<string, unknown>;
    return values;
  });
}
