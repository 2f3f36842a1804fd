import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * The API Gateway metrics the alarms and the dashboard read, whichever API kind serves the
 * route: a REST API publishes `4XXError`/`5XXError` per API name, an HTTP API `4xx`/`5xx` per
 * API id and stage.
 */
export interface WebhookApiMetrics {
  /** Time from the request reaching API Gateway to the response leaving it (ms). */
  latency(statistic: string, period: Duration, label?: string): cloudwatch.IMetric;
  /** Requests received. */
  requests(period: Duration, label?: string): cloudwatch.IMetric;
  /** Requests answered 4xx (sum). */
  clientErrors(period: Duration, label?: string): cloudwatch.IMetric;
  /** Requests answered 5xx (sum). */
  serverErrors(period: Duration, label?: string): cloudwatch.IMetric;
  /** Share of requests answered 5xx, from 0 to 1. */
  serverErrorRate(period: Duration): cloudwatch.IMetric;
}

/** The methods both `RestApi` and `HttpStage` offer for their own metric names and dimensions. */
interface ApiMetricMethods {
  metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

function apiMetrics(source: ApiMetricMethods, serverErrorRate: (period: Duration) => cloudwatch.IMetric): WebhookApiMetrics {
  return {
    latency: (statistic, period, label) => source.metricLatency({ statistic, period, label }),
    requests: (period, label) => source.metricCount({ period, label }),
    clientErrors: (period, label) => source.metricClientError({ statistic: 'Sum', period, label }),
    serverErrors: (period, label) => source.metricServerError({ statistic: 'Sum', period, label }),
    serverErrorRate,
  };
}

export function restApiMetrics(api: apigateway.RestApi): WebhookApiMetrics {
  // AWS documents the Average of 5XXError as the REST API's error rate.
  return apiMetrics(api, (period) => api.metricServerError({ statistic: 'Average', period }));
}

export function httpApiMetrics(stage: apigatewayv2.HttpStage): WebhookApiMetrics {
  // The HTTP API's 5xx is documented only as a count, so the rate is computed from it and Count.
  return apiMetrics(stage, (period) => new cloudwatch.MathExpression({
    expression: 'FILL(serverErrors, 0) / requests',
    usingMetrics: {
      serverErrors: stage.metricServerError({ statistic: 'Sum', period }),
      requests: stage.metricCount({ statistic: 'SampleCount', period }),
    },
    period,
    label: '5xx share of requests',
  }));
}
