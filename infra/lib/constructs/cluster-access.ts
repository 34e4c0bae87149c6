import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { pascal } from './names';

/** A team's namespaced access. */
export interface NamespaceAccess {
  /** The team, as its catalog group ref (for ids and messages). */
  readonly team: string;
  /** The IAM role the team's people use in this account. */
  readonly roleArn: string;
  /** The namespaces of the services the team owns on this cluster. */
  readonly namespaces: string[];
}

/** Properties for {@link ClusterAccess}. */
export interface ClusterAccessProps {
  readonly cluster: eks.ICluster;
  /** The platform team's role in this account: cluster admin. */
  readonly platformTeamRoleArn?: string;
  /** The portal's read-only role: the view policy on the whole cluster. */
  readonly portalRoleArn?: string;
  /** Service-owning teams: the edit policy in their services' namespaces only. */
  readonly teams?: NamespaceAccess[];
}

const policy = (
  name: string,
  scope: eks.AccessScopeType,
  namespaces?: string[],
) =>
  eks.AccessPolicy.fromAccessPolicyName(name, {
    accessScopeType: scope,
    namespaces,
  });

/**
 * EKS access entries (the cluster uses the API authentication mode): the platform
 * team as cluster admin, the portal with the read-only view policy, and each
 * service-owning team with the edit policy limited to its services' namespaces. One
 * entry per principal (EKS allows no more), so a team's namespaces are merged.
 */
export class ClusterAccess extends Construct {
  readonly entries: Record<string, eks.AccessEntry> = {};

  constructor(scope: Construct, id: string, props: ClusterAccessProps) {
    super(scope, id);
    const seen = new Map<string, string>();
    const claim = (roleArn: string, who: string) => {
      const other = seen.get(roleArn);
      if (other) {
        throw new Error(
          `ClusterAccess: ${who} and ${other} use the same role ${roleArn}; EKS allows one access entry per principal, so give each its own role`,
        );
      }
      seen.set(roleArn, who);
    };
    if (props.platformTeamRoleArn) {
      claim(props.platformTeamRoleArn, 'the platform team');
      this.entries.platformTeam = new eks.AccessEntry(this, 'PlatformTeam', {
        cluster: props.cluster,
        principal: props.platformTeamRoleArn,
        accessPolicies: [
          policy('AmazonEKSClusterAdminPolicy', eks.AccessScopeType.CLUSTER),
        ],
      });
    }
    if (props.portalRoleArn) {
      this.entries.portal = new eks.AccessEntry(this, 'Portal', {
        cluster: props.cluster,
        principal: props.portalRoleArn,
        accessPolicies: [
          policy('AmazonEKSViewPolicy', eks.AccessScopeType.CLUSTER),
        ],
      });
    }
    const merged = new Map<string, NamespaceAccess>();
    for (const team of props.teams ?? []) {
      const prior = merged.get(team.team);
      if (prior && prior.roleArn !== team.roleArn) {
        throw new Error(
          `ClusterAccess: team ${team.team} is given two roles (${prior.roleArn}, ${team.roleArn})`,
        );
      }
      merged.set(team.team, {
        ...team,
        namespaces: [
          ...new Set([...(prior?.namespaces ?? []), ...team.namespaces]),
        ],
      });
    }
    for (const team of [...merged.values()].sort((a, b) =>
      a.team.localeCompare(b.team),
    )) {
      if (team.namespaces.length === 0) continue;
      claim(team.roleArn, team.team);
      const name = team.team.replace(/^group:([^/]*\/)?/, '');
      this.entries[team.team] = new eks.AccessEntry(
        this,
        `Team${pascal(name)}`,
        {
          cluster: props.cluster,
          principal: team.roleArn,
          accessPolicies: [
            policy(
              'AmazonEKSEditPolicy',
              eks.AccessScopeType.NAMESPACE,
              [...team.namespaces].sort(),
            ),
          ],
        },
      );
    }
  }
}
