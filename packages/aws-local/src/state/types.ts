/**
 * The endpoint's state. Records are kept in the shape the AWS SDK returns them
 * (camelCase for EKS, PascalCase elsewhere) so the control API speaks the same
 * field names as the SDK docs, and each protocol only renames on the wire.
 */

export interface Ec2Tag {
  Key: string;
  Value: string;
}

export interface HealthIssue {
  code: string;
  message: string;
  resourceIds?: string[];
}

export interface EksCluster {
  name: string;
  arn: string;
  createdAt: Date;
  version: string;
  endpoint: string;
  roleArn: string;
  status: string;
  platformVersion: string;
  health: { issues: HealthIssue[] };
  tags: Record<string, string>;
  [field: string]: unknown;
}

export interface EksNodegroup {
  nodegroupName: string;
  nodegroupArn: string;
  clusterName: string;
  version: string;
  status: string;
  scalingConfig: { minSize: number; maxSize: number; desiredSize: number };
  health: { issues: HealthIssue[] };
  [field: string]: unknown;
}

export interface EksAddon {
  addonName: string;
  clusterName: string;
  status: string;
  addonVersion: string;
  addonArn: string;
  health: { issues: HealthIssue[] };
  [field: string]: unknown;
}

/** An EKS cluster insight, as ListInsights summarises it. */
export interface EksInsight {
  id: string;
  /** The cluster it is about (not an AWS member of the summary). */
  clusterName: string;
  name: string;
  category: string;
  kubernetesVersion?: string;
  lastRefreshTime: Date;
  lastTransitionTime: Date;
  description: string;
  insightStatus: { status: string; reason: string };
  [field: string]: unknown;
}

/** An EKS Capability (managed Argo CD, ACK, kro), as DescribeCapability returns it. */
export interface EksCapability {
  capabilityName: string;
  clusterName: string;
  arn: string;
  type: string;
  status: string;
  version: string;
  health: { issues: Array<{ code: string; message?: string }> };
  [field: string]: unknown;
}

export interface EksClusterVersion {
  clusterVersion: string;
  clusterType: string;
  defaultPlatformVersion: string;
  defaultVersion: boolean;
  releaseDate: Date;
  endOfStandardSupportDate: Date;
  endOfExtendedSupportDate: Date;
  kubernetesPatchVersion?: string;
  /** Computed from the dates at request time unless set through the control API. */
  versionStatus?: string;
  status?: string;
  [field: string]: unknown;
}

export interface TransitGateway {
  TransitGatewayId: string;
  TransitGatewayArn: string;
  State: string;
  OwnerId: string;
  Description?: string;
  CreationTime: Date;
  Options: Record<string, unknown>;
  Tags: Ec2Tag[];
  /** Accounts the TGW is shared with through RAM (not an AWS output member). */
  SharedWith?: string[];
  [field: string]: unknown;
}

export interface TgwAttachment {
  TransitGatewayAttachmentId: string;
  TransitGatewayId: string;
  TransitGatewayOwnerId: string;
  ResourceOwnerId: string;
  ResourceType: string;
  ResourceId: string;
  State: string;
  Association?: { TransitGatewayRouteTableId: string; State: string };
  CreationTime: Date;
  Tags: Ec2Tag[];
  /** VPC attachment details (DescribeTransitGatewayVpcAttachments). */
  SubnetIds?: string[];
  VpcOptions?: Record<string, string>;
  [field: string]: unknown;
}

export interface TgwRoute {
  DestinationCidrBlock: string;
  TransitGatewayAttachments?: Array<{
    ResourceId: string;
    TransitGatewayAttachmentId: string;
    ResourceType: string;
  }>;
  Type: string;
  State: string;
  [field: string]: unknown;
}

export interface Vpc {
  VpcId: string;
  OwnerId: string;
  CidrBlock: string;
  State: string;
  IsDefault: boolean;
  CidrBlockAssociationSet: Array<{
    AssociationId: string;
    CidrBlock: string;
    CidrBlockState: { State: string };
  }>;
  Tags: Ec2Tag[];
  [field: string]: unknown;
}

export interface TgwRouteTable {
  TransitGatewayRouteTableId: string;
  TransitGatewayId: string;
  State: string;
  DefaultAssociationRouteTable: boolean;
  DefaultPropagationRouteTable: boolean;
  CreationTime: Date;
  Tags: Ec2Tag[];
  Routes: TgwRoute[];
  /**
   * Not an AWS member: answer SearchTransitGatewayRoutes as the API long did, with at
   * most MaxResults routes and AdditionalRoutesAvailable but no NextToken, so a
   * caller must narrow its filters to see the rest.
   */
  SearchWithoutNextToken?: boolean;
  [field: string]: unknown;
}

export interface DbCluster {
  DBClusterIdentifier: string;
  DBClusterArn: string;
  DbClusterResourceId: string;
  Status: string;
  Engine: string;
  EngineVersion: string;
  DBClusterMembers: Array<{
    DBInstanceIdentifier: string;
    IsClusterWriter: boolean;
    DBClusterParameterGroupStatus?: string;
    PromotionTier?: number;
  }>;
  StorageEncrypted: boolean;
  IAMDatabaseAuthenticationEnabled: boolean;
  DeletionProtection: boolean;
  TagList: Ec2Tag[];
  [field: string]: unknown;
}

/** A major engine version and its support lifecycle (DescribeDBMajorEngineVersions). */
export interface RdsMajorEngineVersion {
  Engine: string;
  MajorEngineVersion: string;
  SupportedEngineLifecycles: Array<{
    LifecycleSupportName: string;
    LifecycleSupportStartDate: Date;
    LifecycleSupportEndDate: Date;
  }>;
}

export interface DbInstance {
  DBInstanceIdentifier: string;
  DBInstanceArn: string;
  DbiResourceId: string;
  DBClusterIdentifier?: string;
  DBInstanceClass: string;
  DBInstanceStatus: string;
  Engine: string;
  EngineVersion: string;
  TagList: Ec2Tag[];
  [field: string]: unknown;
}

export interface PendingMaintenance {
  ResourceIdentifier: string;
  PendingMaintenanceActionDetails: Array<{
    Action: string;
    AutoAppliedAfterDate?: Date;
    ForcedApplyDate?: Date;
    CurrentApplyDate?: Date;
    OptInStatus?: string;
    Description?: string;
  }>;
}

export interface Secret {
  ARN: string;
  Name: string;
  Description?: string;
  KmsKeyId?: string;
  RotationEnabled?: boolean;
  RotationLambdaARN?: string;
  RotationRules?: Record<string, unknown>;
  LastRotatedDate?: Date;
  LastChangedDate?: Date;
  NextRotationDate?: Date;
  CreatedDate: Date;
  OwningService?: string;
  PrimaryRegion?: string;
  Tags?: Ec2Tag[];
  VersionIdsToStages?: Record<string, string[]>;
  [field: string]: unknown;
}

/** One allocation of an IPAM pool (`GetIpamPoolAllocations`). */
export interface IpamPoolAllocation {
  Cidr: string;
  IpamPoolAllocationId: string;
  Description?: string;
  /** `vpc` for a VPC's block, `custom` for a reservation. */
  ResourceType: string;
  ResourceId?: string;
  ResourceRegion?: string;
  ResourceOwner: string;
}

/** A top-level IPAM pool of the hub, with its allocations. */
export interface IpamPool {
  IpamPoolId: string;
  /** The registry pool it stands for. */
  Name: string;
  Cidrs: string[];
  Locale: string;
  Allocations: IpamPoolAllocation[];
}

/** An EC2 network interface, as DescribeNetworkInterfaces returns it. */
export interface NetworkInterface {
  NetworkInterfaceId: string;
  VpcId: string;
  SubnetId: string;
  Status: string;
  Description?: string;
  InterfaceType?: string;
  RequesterId?: string;
  RequesterManaged?: boolean;
  TagSet?: Ec2Tag[];
  [field: string]: unknown;
}

/** Everything one account holds in one region. */
/**
 * One CloudWatch metric series: a metric with its exact dimensions, and its value per
 * minute. GetMetricData answers with these values, newest at the request's minute.
 */
export interface MetricSeries {
  Namespace: string;
  MetricName: string;
  Dimensions: Array<{ Name: string; Value: string }>;
  /** One datapoint per minute, newest first; empty: the metric has no datapoints. */
  Values: number[];
  [field: string]: unknown;
}

export interface AccountRegionState {
  account: string;
  region: string;
  eks: {
    clusters: EksCluster[];
    nodegroups: EksNodegroup[];
    addons: EksAddon[];
    capabilities: EksCapability[];
    /** Cluster insights (upgrade readiness, misconfiguration). */
    insights?: EksInsight[];
  };
  ec2: {
    vpcs: Vpc[];
    transitGateways: TransitGateway[];
    attachments: TgwAttachment[];
    routeTables: TgwRouteTable[];
    /** IPAM pools owned in this account and region (the hub's). */
    ipamPools?: IpamPool[];
    networkInterfaces: NetworkInterface[];
  };
  rds: {
    clusters: DbCluster[];
    instances: DbInstance[];
    pendingMaintenance: PendingMaintenance[];
  };
  /** CloudWatch metrics (Aurora replica lag); absent in states saved before it. */
  cloudwatch?: { metrics: MetricSeries[] };
  secretsManager: {
    secrets: Secret[];
    /**
     * `<ARN>:<versionId>` to a SHA-256 of the version's value, so a CreateSecret retried
     * with the same ClientRequestToken can be told apart from a different value, as AWS
     * does. Never returned by any operation; the value itself is never stored.
     */
    versionDigests?: Record<string, string>;
  };
}

export interface AwsLocalData {
  /** Account for credentials that are neither 12 digits nor issued by AssumeRole. */
  defaultAccount: string;
  /** EKS Kubernetes versions, shared by every account and region. */
  eksVersions: EksClusterVersion[];
  /** RDS major engine versions and their support dates, shared likewise. */
  rdsMajorEngineVersions?: RdsMajorEngineVersion[];
  /** Keyed `<account>/<region>`. */
  regions: Record<string, AccountRegionState>;
}

export function emptyRegion(
  account: string,
  region: string,
): AccountRegionState {
  return {
    account,
    region,
    eks: {
      clusters: [],
      nodegroups: [],
      addons: [],
      capabilities: [],
      insights: [],
    },
    ec2: {
      vpcs: [],
      transitGateways: [],
      attachments: [],
      routeTables: [],
      ipamPools: [],
      networkInterfaces: [],
    },
    rds: { clusters: [], instances: [], pendingMaintenance: [] },
    cloudwatch: { metrics: [] },
    secretsManager: { secrets: [] },
  };
}

export function regionKey(account: string, region: string): string {
  return `${account}/${region}`;
}
