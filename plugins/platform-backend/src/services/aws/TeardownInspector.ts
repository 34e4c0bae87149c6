import {
  DescribeNetworkInterfacesCommand,
  EC2Client,
  NetworkInterface,
} from '@aws-sdk/client-ec2';
import {
  Capability,
  DescribeCapabilityCommand,
  DescribeClusterCommand,
  EKSClient,
  ListCapabilitiesCommand,
} from '@aws-sdk/client-eks';
import {
  DBInstance,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import {
  SpokeConfig,
  spokeResourceNames,
} from '@internal/plugin-platform-common';
import { failed, Observed, observed } from '../../lib/observations';
import { TeardownObservations } from '../../lib/teardown/teardownPlan';
import { describeAwsError } from './describeAwsError';

/** SDK clients in the spoke's account and region. */
export interface SpokeClients {
  eks: EKSClient;
  ec2: EC2Client;
  rds: RDSClient;
}

const notFound = (e: unknown, ...names: string[]) =>
  names.includes(String((e as { name?: string })?.name));

/**
 * Reads, in a spoke's account, what decides whether the spoke can be removed:
 * the cluster and its capabilities, the interfaces in its VPC (load balancers and
 * ENIs controllers left), the Aurora cluster and its instances. Every call is
 * separate: one that fails makes only its part of the plan unchecked.
 */
export async function inspectSpokeForTeardown(
  spoke: SpokeConfig,
  clients: SpokeClients,
): Promise<TeardownObservations> {
  const { eksClusterName: clusterName, dbClusterIdentifier } =
    spokeResourceNames(spoke.name);
  const attempt = async <T>(
    operation: string,
    call: () => Promise<T>,
    missing?: { names: string[]; value: T },
  ): Promise<Observed<T>> => {
    try {
      return observed(await call());
    } catch (e) {
      if (missing && notFound(e, ...missing.names))
        return observed(missing.value);
      return failed(
        describeAwsError(e, {
          operation,
          accountId: spoke.account,
          region: spoke.region,
          phase: 'call',
        }),
      );
    }
  };

  const [cluster, dbCluster, dbInstances] = await Promise.all([
    attempt(
      'eks:DescribeCluster',
      async () =>
        (
          await clients.eks.send(
            new DescribeClusterCommand({ name: clusterName }),
          )
        ).cluster,
      { names: ['ResourceNotFoundException'], value: undefined },
    ),
    attempt(
      'rds:DescribeDBClusters',
      async () =>
        (
          await clients.rds.send(
            new DescribeDBClustersCommand({
              DBClusterIdentifier: dbClusterIdentifier,
            }),
          )
        ).DBClusters?.[0],
      { names: ['DBClusterNotFoundFault'], value: undefined },
    ),
    attempt('rds:DescribeDBInstances', async () => {
      const all: DBInstance[] = [];
      let marker: string | undefined;
      do {
        const page = await clients.rds.send(
          new DescribeDBInstancesCommand({
            Filters: [{ Name: 'db-cluster-id', Values: [dbClusterIdentifier] }],
            Marker: marker,
          }),
        );
        all.push(...(page.DBInstances ?? []));
        marker = page.Marker;
      } while (marker);
      return all;
    }),
  ]);

  const capabilities: Observed<Capability[]> =
    cluster.ok && cluster.value
      ? await attempt('eks:ListCapabilities', async () => {
          const listed = await clients.eks.send(
            new ListCapabilitiesCommand({ clusterName }),
          );
          return Promise.all(
            (listed.capabilities ?? []).map(
              async c =>
                (
                  await clients.eks.send(
                    new DescribeCapabilityCommand({
                      clusterName,
                      capabilityName: c.capabilityName!,
                    }),
                  )
                ).capability ?? c,
            ),
          );
        })
      : observed([]);

  const vpcId =
    spoke.deployed?.vpcId ??
    (cluster.ok ? cluster.value?.resourcesVpcConfig?.vpcId : undefined);
  const networkInterfaces: Observed<NetworkInterface[]> = vpcId
    ? await attempt('ec2:DescribeNetworkInterfaces', async () => {
        const all: NetworkInterface[] = [];
        let token: string | undefined;
        do {
          const page = await clients.ec2.send(
            new DescribeNetworkInterfacesCommand({
              Filters: [{ Name: 'vpc-id', Values: [vpcId] }],
              NextToken: token,
            }),
          );
          all.push(...(page.NetworkInterfaces ?? []));
          token = page.NextToken;
        } while (token);
        return all;
      })
    : failed({
        kind: 'skipped',
        operation: 'ec2:DescribeNetworkInterfaces',
        message: 'VPC id unknown',
        reason: `the spoke's VPC id is unknown (no deployed.vpcId in spokes/${spoke.name}.yaml and no cluster to read it from)`,
      });

  return {
    spoke,
    clusterName,
    dbClusterIdentifier,
    cluster,
    capabilities,
    vpcId,
    networkInterfaces,
    dbCluster,
    dbInstances,
  };
}
