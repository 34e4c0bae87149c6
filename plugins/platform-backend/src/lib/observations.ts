import type {
  Addon,
  AddonInfo,
  Capability,
  Cluster,
  ClusterVersionInformation,
  InsightSummary,
  Nodegroup,
} from '@aws-sdk/client-eks';
import type {
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayRoute,
} from '@aws-sdk/client-ec2';
import type {
  DBCluster,
  DBInstance,
  DBMajorEngineVersion,
  ResourcePendingMaintenanceActions,
} from '@aws-sdk/client-rds';
import type {
  DescribeSecretResponse,
  SecretListEntry,
} from '@aws-sdk/client-secrets-manager';
import type { HubConfig, SpokeConfig } from '@internal/plugin-platform-common';

/**
 * What the checks read: the AWS responses collected for a spoke, each either a
 * value or the failure that prevented it, plus the spoke's identity from the
 * catalog and its entry in the registry. Pure data; no I/O happens past this point.
 */

/** Why a piece of AWS data is missing. */
export type CallFailureKind =
  /** The call was denied, or the role could not be assumed. */
  | 'access-denied'
  /** AWS throttled the call on every attempt. */
  | 'throttled'
  /** No answer within the per-call timeout. */
  | 'timeout'
  /** No credentials for the account (not configured, or the provider failed). */
  | 'credentials'
  /** Not attempted because something it needs is missing (e.g. the cluster). */
  | 'skipped'
  /** Anything else AWS or the network said. */
  | 'error';

/** A call that did not produce its data, in words a platform engineer can act on. */
export interface CallFailure {
  kind: CallFailureKind;
  /** `eks:DescribeCluster`, or `sts:AssumeRole` for credentials. */
  operation: string;
  accountId?: string;
  region?: string;
  /** The role assumed for the account, when one is configured. */
  roleArn?: string;
  /** The AWS error code, e.g. `AccessDeniedException`. */
  code?: string;
  /** What AWS said. */
  message: string;
  /** The whole story in one sentence: call, account, role, what AWS said. */
  reason: string;
}

export type Observed<T> =
  | { ok: true; value: T }
  | { ok: false; failure: CallFailure };

export const observed = <T>(value: T): Observed<T> => ({ ok: true, value });
export const failed = <T = never>(failure: CallFailure): Observed<T> => ({
  ok: false,
  failure,
});

/** A spoke as the catalog describes it (its System entity's annotations). */
export interface SpokeTarget {
  /** Registry name (`platform.io/spoke`). */
  name: string;
  entityRef: string;
  accountId?: string;
  region?: string;
  environmentClass?: string;
  /** The owning group's entity ref (`spec.owner`, from the registry entry's owner). */
  owner?: string;
  eksClusterName: string;
  dbClusterIdentifier: string;
  tgwAttachmentId?: string;
  vpcCidr?: string;
  /** Annotations that are missing or malformed, in words. */
  problems: string[];
}

/** The hub as the catalog describes it (its System entity, environment class `hub`). */
export interface HubTarget {
  name?: string;
  entityRef?: string;
  accountId?: string;
  region?: string;
  transitGatewayId?: string;
}

/** The registry entry a spoke is compared with, or why there is none. */
export type RegistryView =
  | { ok: true; hub: HubConfig; spoke?: SpokeConfig }
  | { ok: false; reason: string };

/** A node group listed by ListNodegroups and its DescribeNodegroup. */
export interface NodegroupObservation {
  name: string;
  nodegroup: Observed<Nodegroup>;
}

/** An add-on listed by ListAddons and its DescribeAddon. */
export interface AddonObservation {
  name: string;
  addon: Observed<Addon>;
}

/** An EKS Capability listed by ListCapabilities and its DescribeCapability. */
export interface CapabilityObservation {
  name: string;
  capability: Observed<Capability>;
}

export interface EksObservations {
  /** `undefined`: the cluster does not exist. */
  cluster: Observed<Cluster | undefined>;
  nodegroups: Observed<NodegroupObservation[]>;
  addons: Observed<AddonObservation[]>;
  /** The cluster's EKS Capabilities (managed Argo CD, ACK, kro). */
  capabilities: Observed<CapabilityObservation[]>;
  /** The EKS version calendar of the region (DescribeClusterVersions). */
  versions: Observed<ClusterVersionInformation[]>;
  /** The cluster's upgrade-readiness insights (ListInsights). */
  insights: Observed<InsightSummary[]>;
  /**
   * The add-on versions EKS lists for the cluster's Kubernetes version
   * (DescribeAddonVersions, the same for every account of the region).
   */
  addonVersions: Observed<AddonInfo[]>;
}

/** Every route of one TGW route table (all pages, or narrowed where AWS would not page). */
export interface RouteTableRoutes {
  routeTableId: string;
  routes: TransitGatewayRoute[];
}

export interface TgwObservations {
  /** `undefined`: the TGW does not exist. */
  gateway: Observed<TransitGateway | undefined>;
  /** Every VPC attachment of the hub TGW. */
  attachments: Observed<TransitGatewayAttachment[]>;
  /** The routes of the route table the spoke should be associated with (its class's). */
  routes: Observed<TransitGatewayRoute[]>;
  /** That route table's id, or why it is not known. */
  routeTableId: Observed<string>;
  /**
   * The table associated with the hub VPC's attachment: the hub reaches each spoke
   * through it, so the spoke's route must be there too.
   */
  hubTable: Observed<RouteTableRoutes>;
  /** The other environment class's table: it must never route to this spoke. */
  otherClassTable: Observed<RouteTableRoutes & { environmentClass: string }>;
}

/** CloudWatch `AuroraReplicaLag` of one replica over the lag window. */
export interface ReplicaLag {
  instanceId: string;
  /** The highest one-minute maximum in the window, in ms; undefined: no datapoint. */
  maxMs?: number;
  /** Datapoints in the window. */
  datapoints: number;
}

/** How far back the replica lag is read, and at what resolution. */
export interface ReplicaLagWindow {
  minutes: number;
  /** The replicas asked about; empty when the cluster has none (no call made). */
  lags: ReplicaLag[];
}

export interface AuroraObservations {
  /** Every DB cluster the account+region listing returned. */
  clusters: Observed<DBCluster[]>;
  instances: Observed<DBInstance[]>;
  pendingMaintenance: Observed<ResourcePendingMaintenanceActions[]>;
  /** The cluster's managed master secret; `undefined`: not found. */
  secret: Observed<DescribeSecretResponse | undefined>;
  /**
   * The support dates of the cluster's major engine version
   * (DescribeDBMajorEngineVersions, the same for every account of the region);
   * `undefined`: RDS publishes none for it.
   */
  engineSupport: Observed<DBMajorEngineVersion | undefined>;
  /**
   * Replica lag of each replica (reader) of the cluster, from CloudWatch. Absent
   * when not collected (an older collector); a failure when the cluster was not found.
   */
  replicaLag?: Observed<ReplicaLagWindow>;
}

export interface SpokeObservations {
  eks: EksObservations;
  tgw: TgwObservations;
  aurora: AuroraObservations;
  /**
   * The spoke account's secrets that people create (ListSecrets without those a service
   * such as RDS manages), for the mandatory-tag rule. Absent when not collected.
   */
  secrets?: Observed<SecretListEntry[]>;
}

/** Thresholds of checks that people may tune (`platform.health.checks`). */
export interface CheckSettings {
  /** Aurora replica lag from which a replica is a warning, and critical. */
  auroraReplicaLag: { warningMs: number; criticalMs: number };
}

/** Everything one spoke's checks need. */
export interface CheckInput {
  spoke: SpokeTarget;
  hub: HubTarget;
  registry: RegistryView;
  observations: SpokeObservations;
  now: Date;
  /** Tuned thresholds; the checks' defaults when absent. */
  settings?: CheckSettings;
}
