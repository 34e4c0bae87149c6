import { AwsError } from '../lib/errors';
import { json10QueryCompatibleProtocol } from '../protocols/json';
import { MetricSeries } from '../state/types';
import { targetRoute } from './targetRoute';
import { CallContext, Route, Service } from './types';

const invalid = (message: string) =>
  new AwsError('InvalidParameterValue', message, 400);

const QUERY_ID = /^[a-z][a-zA-Z0-9_]{0,254}$/;
/** GetMetricData takes at most this many queries in one request. */
const MAX_QUERIES = 500;

type Input = Record<string, any>;

/** A timestamp as the SDK sends it over JSON: epoch seconds (or an ISO string). */
function time(value: unknown, name: string): number {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
    return Date.parse(value);
  }
  throw invalid(`The parameter ${name} is required and must be a timestamp.`);
}

function sameDimensions(
  a: MetricSeries['Dimensions'],
  b: Array<{ Name?: string; Value?: string }>,
): boolean {
  if (a.length !== b.length) return false;
  return a.every(d => b.some(x => x.Name === d.Name && x.Value === d.Value));
}

/**
 * GetMetricData over the seeded series: each query's `MetricStat` picks the series
 * with that namespace, name and exactly those dimensions; its values (one a minute,
 * the newest at the request's minute) that fall in [StartTime, EndTime) come back
 * newest first. The statistic is not recomputed: a seeded value already is the
 * minute's statistic. Metric math (`Expression`) is not supported.
 */
function getMetricData(ctx: CallContext, input: Input) {
  const queries = input.MetricDataQueries;
  if (!Array.isArray(queries) || queries.length === 0) {
    throw invalid('The parameter MetricDataQueries is required.');
  }
  if (queries.length > MAX_QUERIES) {
    throw invalid(
      `The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`,
    );
  }
  const start = time(input.StartTime, 'StartTime');
  const end = time(input.EndTime, 'EndTime');
  if (end <= start) {
    throw invalid('The parameter StartTime must be less than EndTime.');
  }
  const metrics = ctx.state.region(ctx.account, ctx.region).cloudwatch?.metrics;
  const minute = Math.floor(ctx.now.getTime() / 60_000) * 60_000;
  const ids = new Set<string>();
  const results = queries.map((q: Input) => {
    if (typeof q?.Id !== 'string' || !QUERY_ID.test(q.Id)) {
      throw invalid(
        `The value ${q?.Id} for parameter MetricDataQueries.member.Id is invalid: it must start with a lowercase letter and hold only letters, digits and _.`,
      );
    }
    if (ids.has(q.Id)) {
      throw invalid(`The Id ${q.Id} is used by more than one query.`);
    }
    ids.add(q.Id);
    if (q.Expression !== undefined) {
      throw invalid('aws-local does not support metric math (Expression).');
    }
    const metric = q.MetricStat?.Metric;
    if (!metric?.Namespace || !metric?.MetricName || !q.MetricStat?.Stat) {
      throw invalid(
        `The query ${q.Id} needs MetricStat with Metric.Namespace, Metric.MetricName, Period and Stat.`,
      );
    }
    const series = metrics?.find(
      m =>
        m.Namespace === metric.Namespace &&
        m.MetricName === metric.MetricName &&
        sameDimensions(m.Dimensions, metric.Dimensions ?? []),
    );
    const points = (series?.Values ?? [])
      .map((value, i) => ({ at: minute - i * 60_000, value }))
      .filter(p => p.at >= start && p.at < end);
    return {
      Id: q.Id,
      Label: q.Label ?? metric.MetricName,
      Timestamps: points.map(p => new Date(p.at)),
      Values: points.map(p => p.value),
      StatusCode: 'Complete',
    };
  });
  return { MetricDataResults: results, Messages: [] };
}

const operations: Record<string, (ctx: CallContext, input: Input) => unknown> =
  {
    GetMetricData: getMetricData,
  };

/** CloudWatch (signing name `monitoring`; IAM actions `cloudwatch:*`). */
export const cloudwatchService: Service = {
  signingName: 'monitoring',
  protocol: json10QueryCompatibleProtocol({
    internalErrorCode: 'InternalServiceError',
  }),
  route(req): Route {
    return targetRoute(req, 'GraniteServiceVersion20100801.', operations);
  },
};
