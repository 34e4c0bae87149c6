import { blockSize, formatIpv4, parseCidr } from './cidr';
import { RegistryIssue } from './RegistryValidationError';
import { HubConfig, SpokeConfig } from './schema';

/** Prefix of the hub's private subnets (one per availability zone, first in the VPC). */
export const HUB_PRIVATE_SUBNET_PREFIX = 20;

/** Offset of the Resolver inbound address inside each hub private subnet. */
export const RESOLVER_INBOUND_HOST_OFFSET = 10;

/**
 * The Resolver inbound endpoint's addresses: the 10th address of each hub private
 * subnet. The hub's private /20s come first in its CIDR, one per zone in order, so
 * the CDK app assigns exactly these and `hub.yaml` can record them before deploying.
 */
export function hubResolverInboundIps(
  hubCidr: string,
  availabilityZoneCount: number,
): string[] {
  const { address: network } = parseCidr(hubCidr);
  const size = blockSize(HUB_PRIVATE_SUBNET_PREFIX);
  return Array.from({ length: availabilityZoneCount }, (_, i) =>
    formatIpv4(network + i * size + RESOLVER_INBOUND_HOST_OFFSET),
  );
}

/** Registry checks of the cluster platform's fields. */
export function clusterPlatformIssues(
  hub: { file: string; config: HubConfig } | undefined,
  spoke: { file: string; config: SpokeConfig },
): RegistryIssue[] {
  const issues: RegistryIssue[] = [];
  const { file, config } = spoke;
  const push = (field: string, rule: string, message: string) =>
    issues.push({ file, field, rule, message });
  (config.dns.publicZones ?? []).forEach((zone, i) => {
    if (hub && !hub.config.dns.publicZones.includes(zone)) {
      push(
        `dns.publicZones.${i}`,
        'known-public-zone',
        `${zone} is not one of the hub's public zones (${hub.config.dns.publicZones.join(
          ', ',
        )})`,
      );
    }
  });
  const access = config.eks.access;
  if (access) {
    const roles: Array<[string, string]> = [
      ['eks.access.platformTeamRoleArn', access.platformTeamRoleArn],
      ...Object.entries(access.teamRoleArns ?? {}).map(
        ([team, arn]): [string, string] => [
          `eks.access.teamRoleArns.${team}`,
          arn,
        ],
      ),
    ];
    const seen = new Map<string, string>();
    for (const [field, arn] of roles) {
      const account = arn.split(':')[4];
      if (account !== config.account) {
        push(
          field,
          'role-in-spoke-account',
          `${arn} is in account ${account}; EKS access entries need roles of this spoke's account ${config.account}`,
        );
      }
      const other = seen.get(arn);
      if (other) {
        push(
          field,
          'one-entry-per-role',
          `${arn} is also ${other}; EKS allows one access entry per role`,
        );
      }
      seen.set(arn, field);
    }
  }
  return issues;
}

/** Registry checks of the hub's cluster platform fields. */
export function hubClusterPlatformIssues(hub: {
  file: string;
  config: HubConfig;
}): RegistryIssue[] {
  const { file, config } = hub;
  if (!config.deployed) return [];
  const planned = hubResolverInboundIps(
    config.network.cidr,
    config.network.availabilityZones.length,
  );
  const recorded = config.deployed.resolverInboundIps;
  if (
    recorded.length === planned.length &&
    recorded.every((ip, i) => ip === planned[i])
  ) {
    return [];
  }
  return [
    {
      file,
      field: 'deployed.resolverInboundIps',
      rule: 'resolver-ips-planned',
      message: `must be the addresses the hub stack gives the Resolver inbound endpoint, one per hub private subnet: ${planned.join(
        ', ',
      )}`,
    },
  ];
}
