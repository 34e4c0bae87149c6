import type { Capability, Cluster } from '@aws-sdk/client-eks';
import type { NetworkInterface } from '@aws-sdk/client-ec2';
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import type { SpokeConfig } from '@internal/plugin-platform-common';
import { Observed } from '../observations';

/**
 * Removing a spoke, in the order of the original estate's runbook: its workloads
 * first (Argo CD applications, so controllers delete what they created), then the
 * spoke's own stack, then the hub's share and routes. This module turns what AWS
 * says about a spoke into that plan, naming what would make a step fail.
 */

export const TEARDOWN_PHASES = ['workloads', 'spoke', 'hub'] as const;
export type TeardownPhase = (typeof TEARDOWN_PHASES)[number];

export const TEARDOWN_PHASE_TITLES: Record<TeardownPhase, string> = {
  workloads: '1. Workloads on the cluster',
  spoke: '2. The spoke stack (VPC, EKS, Aurora, attachment)',
  hub: "3. The hub's share, routes and zone associations",
};

export interface TeardownItem {
  phase: TeardownPhase;
  /** `blocker`: deletion fails until it is dealt with; `unknown`: AWS could not be read. */
  kind: 'blocker' | 'unknown' | 'step';
  /** Short name, e.g. `Load balancer app/k8s-shop-web/50dc…`. */
  subject: string;
  /** Why it matters and what to do. */
  action: string;
}

/** What AWS says about one spoke, each part a value or why it could not be read. */
export interface TeardownObservations {
  spoke: SpokeConfig;
  clusterName: string;
  dbClusterIdentifier: string;
  /** `undefined`: the cluster is gone. */
  cluster: Observed<Cluster | undefined>;
  capabilities: Observed<Capability[]>;
  /** The spoke VPC id: from the registry once deployed, else from the cluster. */
  vpcId?: string;
  networkInterfaces: Observed<NetworkInterface[]>;
  /** `undefined`: the Aurora cluster is gone. */
  dbCluster: Observed<DBCluster | undefined>;
  dbInstances: Observed<DBInstance[]>;
}

/** Readers Application Auto Scaling adds are named so; they are not in the stack. */
export const AUTO_SCALED_READER_PREFIX = 'application-autoscaling-';

/** ENIs created for a load balancer carry this description prefix (`ELB app/…`, `ELB net/…`). */
function loadBalancerOf(eni: NetworkInterface): string | undefined {
  const m = /^ELB ((?:app|net|gwy)\/[^/]+\/[0-9a-f]+)$/.exec(
    eni.Description ?? '',
  );
  return m ? m[1] : undefined;
}

/** ENIs the VPC CNI creates for pods: `aws-K8S-<instance id>`. */
function isCniInterface(eni: NetworkInterface): boolean {
  return (eni.Description ?? '').startsWith('aws-K8S-');
}

/** Interfaces the stack itself owns and deletes (NAT, endpoints, the TGW attachment, EKS). */
const STACK_OWNED_TYPES = [
  'nat_gateway',
  'vpc_endpoint',
  'transit_gateway',
  'gateway_load_balancer_endpoint',
];

function unknownItem(
  phase: TeardownPhase,
  subject: string,
  failure: { reason: string },
): TeardownItem {
  return {
    phase,
    kind: 'unknown',
    subject,
    action: `Could not be checked: ${failure.reason}. Check it by hand before this step.`,
  };
}

/** The plan for removing one spoke: every step in order, blockers first within a phase. */
export function teardownPlan(o: TeardownObservations): TeardownItem[] {
  const items: TeardownItem[] = [];
  const { spoke } = o;

  // 1. Workloads: what controllers created outside the stack.
  if (!o.cluster.ok) {
    items.push(
      unknownItem(
        'workloads',
        `EKS cluster ${o.clusterName}`,
        o.cluster.failure,
      ),
    );
  } else if (o.cluster.value) {
    items.push({
      phase: 'workloads',
      kind: 'step',
      subject: 'Argo CD applications',
      action: `Delete every Application in namespace argocd on ${o.clusterName} (services' <name>-${spoke.name}), with cascade, so the controllers remove their load balancers, DNS records and volumes; remove the spoke from each services/<name>.yaml environments.`,
    });
  }
  if (o.capabilities.ok) {
    for (const c of o.capabilities.value) {
      items.push({
        phase: 'workloads',
        kind: 'step',
        subject: `Capability ${c.capabilityName} (${c.type})`,
        action:
          c.deletePropagationPolicy === 'RETAIN'
            ? 'Deleting the capability keeps what it deployed (deletePropagationPolicy RETAIN): delete the applications first.'
            : 'Deleted with the stack, after the applications.',
      });
    }
  } else if (o.cluster.ok && o.cluster.value) {
    items.push(
      unknownItem('workloads', 'EKS capabilities', o.capabilities.failure),
    );
  }
  if (!o.networkInterfaces.ok) {
    items.push(
      unknownItem(
        'workloads',
        `Network interfaces in ${o.vpcId ?? 'the VPC'}`,
        o.networkInterfaces.failure,
      ),
    );
  } else {
    const lbs = new Map<string, string[]>();
    for (const eni of o.networkInterfaces.value) {
      const lb = loadBalancerOf(eni);
      if (lb)
        lbs.set(lb, [...(lbs.get(lb) ?? []), eni.NetworkInterfaceId ?? '?']);
    }
    for (const [lb, enis] of lbs) {
      items.push({
        phase: 'workloads',
        kind: 'blocker',
        subject: `Load balancer ${lb}`,
        action: `Created by the AWS Load Balancer Controller, not by the stack; its ${
          enis.length
        } interface(s) (${enis.join(
          ', ',
        )}) keep the subnets from being deleted. Delete the Ingress or Service of type LoadBalancer (or its Argo CD application) and wait until it is gone.`,
      });
    }
  }

  // 2. The spoke stack.
  if (!o.dbCluster.ok) {
    items.push(
      unknownItem(
        'spoke',
        `Aurora cluster ${o.dbClusterIdentifier}`,
        o.dbCluster.failure,
      ),
    );
  } else if (o.dbCluster.value) {
    if (o.dbCluster.value.DeletionProtection) {
      items.push({
        phase: 'spoke',
        kind: 'blocker',
        subject: `Deletion protection on ${o.dbClusterIdentifier}`,
        action: `With deletion protection the stack retains the cluster (removal policy RETAIN), whose instances keep the database subnets, so the VPC cannot go. Take a final snapshot, then ${
          spoke.environmentClass === 'prod'
            ? 'turn protection off deliberately (aws rds modify-db-cluster --no-deletion-protection; a prod spoke keeps it on by registry rule) with the reviewers of the prod environment'
            : 'set aurora.deletionProtection: false in the spoke file and deploy (or aws rds modify-db-cluster --no-deletion-protection)'
        }, and delete the cluster and its instances.`,
      });
    } else {
      items.push({
        phase: 'spoke',
        kind: 'step',
        subject: `Final snapshot of ${o.dbClusterIdentifier}`,
        action:
          'Without deletion protection the stack deletes the cluster and keeps a final snapshot (removal policy SNAPSHOT); note its name for the record.',
      });
    }
  }
  if (!o.dbInstances.ok) {
    items.push(unknownItem('spoke', 'Aurora instances', o.dbInstances.failure));
  } else {
    const scaled = o.dbInstances.value.filter(i =>
      (i.DBInstanceIdentifier ?? '').startsWith(AUTO_SCALED_READER_PREFIX),
    );
    if (scaled.length > 0) {
      items.push({
        phase: 'spoke',
        kind: 'blocker',
        subject: `${scaled.length} auto-scaled Aurora reader(s): ${scaled
          .map(i => i.DBInstanceIdentifier)
          .join(', ')}`,
        action: `Application Auto Scaling added them, so the stack does not delete them and the cluster cannot be deleted while they exist. Set aurora.maxReaders to aurora.readers (or deregister the scalable target) and deploy, then delete them.`,
      });
    }
  }
  if (o.networkInterfaces.ok) {
    const leftovers = o.networkInterfaces.value.filter(
      eni =>
        !loadBalancerOf(eni) &&
        eni.Status === 'available' &&
        !STACK_OWNED_TYPES.includes(eni.InterfaceType ?? ''),
    );
    for (const eni of leftovers) {
      items.push({
        phase: 'spoke',
        kind: 'blocker',
        subject: `Detached interface ${eni.NetworkInterfaceId}${
          eni.Description ? ` (${eni.Description})` : ''
        }`,
        action: isCniInterface(eni)
          ? 'Left by the VPC CNI after its node went away; it keeps its subnet from being deleted. Delete it (aws ec2 delete-network-interface) once the node group is gone.'
          : 'Not created by the stack and not attached to anything; it keeps its subnet from being deleted. Find its owner from the description and tags, then delete it.',
      });
    }
  }
  items.push({
    phase: 'spoke',
    kind: 'step',
    subject: `Stack platform-spoke-${spoke.name}`,
    action: `cdk destroy platform-spoke-${spoke.name} in account ${spoke.account} (${spoke.region}); it deletes the EKS cluster, the Aurora cluster (keeping a final snapshot, or retaining the cluster when deletion protection is on) and the Transit Gateway attachment.`,
  });

  // 3. The hub.
  items.push({
    phase: 'hub',
    kind: 'step',
    subject: `Registry file spokes/${spoke.name}.yaml`,
    action: `Remove it in a pull request; after it merges, deploy platform-hub: it drops account ${spoke.account} from the Transit Gateway share, the routes to ${spoke.network.cidr} and the private zone associations.`,
  });
  const order = (i: TeardownItem) =>
    TEARDOWN_PHASES.indexOf(i.phase) * 3 +
    ['blocker', 'unknown', 'step'].indexOf(i.kind);
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => order(a.item) - order(b.item) || a.index - b.index)
    .map(x => x.item);
}

const ITEM_TAGS: Record<TeardownItem['kind'], string> = {
  blocker: 'BLOCKER',
  unknown: 'UNCHECKED',
  step: 'step',
};

/** The plan as Markdown, for a terminal or a pull request. */
export function formatTeardownPlan(
  spoke: string,
  items: TeardownItem[],
): string {
  const blockers = items.filter(i => i.kind === 'blocker').length;
  const unknown = items.filter(i => i.kind === 'unknown').length;
  const lines = [
    `# Removing spoke ${spoke}`,
    '',
    blockers || unknown
      ? `${blockers} blocker(s) and ${unknown} unchecked item(s) stand in the way.`
      : 'Nothing blocks deletion; follow the steps in order.',
  ];
  for (const phase of TEARDOWN_PHASES) {
    lines.push('', `## ${TEARDOWN_PHASE_TITLES[phase]}`, '');
    for (const item of items.filter(i => i.phase === phase)) {
      const tag = ITEM_TAGS[item.kind];
      lines.push(`- **${tag}** ${item.subject}: ${item.action}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
