import {
  GetMetricDataCommand,
  GetMetricDataOutput,
} from '@aws-sdk/client-cloudwatch';
import type { DBCluster } from '@aws-sdk/client-rds';
import {
  failed,
  Observed,
  observed,
  ReplicaLag,
  ReplicaLagWindow,
} from '../../lib/observations';
import { AccountClients, AwsCallScope } from './AwsAccess';
import { skipped } from './describeAwsError';

/**
 * Replica lag is read over the last five minutes at one-minute resolution: a lag that
 * came and went between two refreshes (five minutes apart) is still seen.
 */
export const REPLICA_LAG_WINDOW_MINUTES = 5;
const PERIOD_SECONDS = 60;
/** Pages of one GetMetricData answer followed at most (five datapoints a replica fit one). */
const MAX_PAGES = 3;

/**
 * `AuroraReplicaLag` (milliseconds, the maximum of each minute) of every replica of
 * the cluster, in one GetMetricData call with a query per replica. No call for a
 * cluster without replicas, or that was not found.
 */
export async function collectReplicaLag(
  aws: AwsCallScope,
  clients: AccountClients,
  clusterId: string,
  cluster: DBCluster | undefined,
  now: Date,
): Promise<Observed<ReplicaLagWindow>> {
  if (!cluster) {
    return failed(
      skipped('cloudwatch:GetMetricData', `Cluster ${clusterId} not found`),
    );
  }
  const replicas = (cluster.DBClusterMembers ?? [])
    .filter(m => !m.IsClusterWriter && m.DBInstanceIdentifier)
    .map(m => m.DBInstanceIdentifier!);
  const minutes = REPLICA_LAG_WINDOW_MINUTES;
  if (replicas.length === 0) return observed({ minutes, lags: [] });

  // Query ids must start with a lowercase letter: r0, r1, ... in replica order.
  const queryId = (i: number) => `r${i}`;
  const page = (nextToken: string | undefined) =>
    aws.call<GetMetricDataOutput>(
      clients,
      'cloudwatch:GetMetricData',
      abortSignal =>
        clients.cloudwatch.send(
          new GetMetricDataCommand({
            MetricDataQueries: replicas.map((id, i) => ({
              Id: queryId(i),
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/RDS',
                  MetricName: 'AuroraReplicaLag',
                  Dimensions: [{ Name: 'DBInstanceIdentifier', Value: id }],
                },
                Period: PERIOD_SECONDS,
                Stat: 'Maximum',
              },
            })),
            StartTime: new Date(now.getTime() - minutes * 60_000),
            EndTime: now,
            NextToken: nextToken,
          }),
          { abortSignal },
        ),
    );
  const values = new Map<string, number[]>();
  let token: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const answer = await page(token);
    if (!answer.ok) return answer;
    for (const result of answer.value.MetricDataResults ?? []) {
      const id = String(result.Id);
      values.set(id, [...(values.get(id) ?? []), ...(result.Values ?? [])]);
    }
    token = answer.value.NextToken;
    if (!token) break;
  }
  const lags = replicas.map((instanceId, i): ReplicaLag => {
    const points = values.get(queryId(i)) ?? [];
    return {
      instanceId,
      maxMs: points.length ? Math.max(...points) : undefined,
      datapoints: points.length,
    };
  });
  return observed({ minutes, lags });
}
