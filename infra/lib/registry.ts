/**
 * The parts of the platform registry (`@internal/plugin-platform-common`) the CDK app
 * reads. Structural on purpose: the loader's `Registry` is assignable to it, and the
 * constructs never see the registry at all, only their own props.
 */

export type EnvironmentClassName = 'prod' | 'non-prod';

/** `hub.yaml` as the infra app reads it. */
export interface InfraHub {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly network: {
    readonly cidr: string;
    readonly availabilityZones: string[];
  };
  readonly github: {
    readonly org: string;
    readonly repositories: string[];
    /** The platform repository within the org; with it every account gets a `platform-cicd-*` stack. */
    readonly platformRepository?: string;
    readonly defaultBranch?: string;
  };
  readonly dns: {
    readonly publicZones: string[];
    readonly privateZones: string[];
  };
  readonly ecr: {
    readonly repositories: string[];
    readonly maxImageCount: number;
    /** Pull-through cache credentials (secret ARNs) by upstream registry. */
    readonly upstreamCredentials?: Readonly<Record<string, string>>;
  };
  /** The mandatory Project tag and the first segment of runbook secret names. */
  readonly project?: string;
  readonly portal: {
    readonly roleName: string;
    readonly externalIdName: string;
    /** The role the New secret template assumes in each spoke. */
    readonly secretWriterRoleName?: string;
    readonly hosting: {
      readonly roleName: string;
      readonly cluster: {
        readonly version: string;
        readonly instanceTypes: string[];
        readonly nodes: number;
      };
      readonly namespace: string;
      readonly serviceAccount: string;
      readonly database: {
        readonly engineVersion: string;
        readonly minCapacity: number;
        readonly maxCapacity: number;
        readonly deletionProtection: boolean;
      };
      readonly redis: { readonly enabled: boolean; readonly nodeType: string };
    };
  };
  /**
   * The address pools spoke VPCs come from (one IPAM pool each) and the default
   * VPC size per environment class.
   * @default - no IPAM in the hub
   */
  readonly addressPlan?: {
    readonly pools: readonly {
      readonly name: string;
      readonly description?: string;
      readonly cidrs: string[];
    }[];
    readonly defaults: Record<
      EnvironmentClassName,
      { readonly size: number; readonly pool?: string }
    >;
  };
  /** IAM Identity Center for the managed Argo CD on every spoke. */
  readonly identityCenter?: {
    readonly instanceArn: string;
    readonly region: string;
    readonly argoCdAdminGroupIds: string[];
    readonly argoCdViewerGroupIds?: string[];
  };
  /** Filled after the hub's first deploy; spokes take hub ids only from here. */
  readonly deployed?: {
    readonly transitGatewayId: string;
    readonly privateZoneIds: Record<string, string>;
    /** Address pool name to IPAM pool id (hub outputs `IpamPool<Name>Id`). */
    readonly ipamPoolIds?: Record<string, string>;
  };
}

/** `spokes/<name>.yaml` as the infra app reads it. */
export interface InfraSpoke {
  readonly name: string;
  readonly environmentClass: EnvironmentClassName;
  readonly account: string;
  readonly region: string;
  readonly network: {
    readonly cidr: string;
    readonly availabilityZones: string[];
    readonly natGateways: 'single' | 'perAz';
    /** The hub address pool the VPC is allocated from through IPAM. */
    readonly pool?: string;
  };
  readonly dns: {
    readonly privateZones: string[];
    /** Hub public zones this spoke publishes records in (external-dns, ACM). */
    readonly publicZones?: string[];
  };
  readonly eks: {
    readonly version: string;
    readonly nodeGroup: {
      readonly instanceTypes: string[];
      readonly desiredSize: number;
      readonly minSize: number;
      readonly maxSize: number;
    };
    /** Access entries: the platform team (admin) and service teams (namespaced). */
    readonly access?: {
      readonly platformTeamRoleArn: string;
      readonly teamRoleArns?: Record<string, string>;
    };
  };
  readonly aurora: {
    readonly engineVersion: string;
    readonly instanceClass: string;
    readonly readers: number;
    readonly maxReaders?: number;
    readonly deletionProtection: boolean;
  };
  /**
   * Filled after the spoke's first deploy (by the pipeline, after the handshake):
   * the hub authorises the zone associations for the VPC; the spoke routes the hub
   * once the attachment is accepted; the hub stack accepts and associates the
   * attachment itself only when `acceptedBy` is `hub-stack` (the default).
   */
  readonly deployed?: {
    readonly vpcId?: string;
    readonly transitGatewayAttachmentId?: string;
    readonly acceptedBy?: 'handshake' | 'hub-stack';
  };
}

/** `services/<name>.yaml` as the infra app reads it (New service template). */
export interface InfraService {
  readonly name: string;
  /**
   * `group:default/<team>`: tag `Owner`; the team's role (spoke `eks.access.teamRoleArns`)
   * gets edit access to the service's namespace.
   */
  readonly owner: string;
  /** `system:default/<system>`: tag `Tenant` (the owner's team when absent). */
  readonly system?: string;
  /** Spoke names the service runs on. */
  readonly environments: readonly string[];
  /** The GitHub repository whose build job may push the service's image. */
  readonly ci?: { readonly repository: string };
  /** `external`: mirrored into the hub ECR by a pull-through cache rule. */
  readonly image?: {
    readonly source: 'own' | 'external';
    readonly reference?: string;
  };
  /** A schema and a user in each target spoke's Aurora cluster. */
  readonly database?: {
    readonly schema: string;
    readonly user: string;
    /** @default 'iam' */
    readonly auth?: 'iam' | 'password';
    /** @default false */
    readonly ddl?: boolean;
  };
}

/** The whole registry as the infra app reads it. */
export interface InfraRegistry {
  readonly hub: InfraHub;
  readonly spokes: readonly InfraSpoke[];
  /**
   * Services from `config/services/`, loaded next to the registry.
   * @default - none
   */
  readonly services?: readonly InfraService[];
}
