import {
  SPOKE_EKS_ADDONS,
  SPOKE_EKS_CAPABILITIES,
} from '@internal/plugin-platform-common';
import { hexId, upperId, uuidFrom } from '../lib/ids';
import { seedEksVersions } from './eksVersions';
import {
  HUB_RESERVATION_DESCRIPTION,
  spokeReservationDescription,
} from '@internal/plugin-platform-common';
import { cidrWithin } from '../lib/cidr';
import {
  AccountRegionState,
  IpamPoolAllocation,
  AwsLocalData,
  DbInstance,
  MetricSeries,
  Ec2Tag,
  emptyRegion,
  EksAddon,
  RdsMajorEngineVersion,
  regionKey,
  TgwAttachment,
  TgwRoute,
  Vpc,
} from './types';

type EnvironmentClass = 'non-prod' | 'prod';

/**
 * The part of the platform registry (`Registry` from
 * `@internal/plugin-platform-common`) the seed reads. Kept structural so the
 * endpoint does not break when the registry grows fields.
 */
export interface SeedRegistry {
  hub: {
    name: string;
    account: string;
    region: string;
    network: { cidr: string; availabilityZones: string[] };
    deployed?: {
      transitGatewayId: string;
      routeTableIds: Record<EnvironmentClass, string>;
      ipamPoolIds?: Record<string, string>;
    };
    addressPlan?: {
      pools: Array<{ name: string; cidrs: string[] }>;
    };
    /**
     * The roles every spoke creates for the portal: the read-only role (its policy is
     * enforced) and the secret writer; both trust the portal only with the external id.
     */
    portal?: { roleName: string; secretWriterRoleName?: string };
  };
  spokes: Array<{
    name: string;
    environmentClass: EnvironmentClass;
    account: string;
    region: string;
    network: { cidr: string; availabilityZones: string[]; pool?: string };
    eks: {
      version: string;
      nodeGroup: {
        instanceTypes: string[];
        desiredSize: number;
        minSize: number;
        maxSize: number;
      };
    };
    /** Ids filled in after the spoke's first deploy. */
    deployed?: { vpcId?: string; transitGatewayAttachmentId?: string };
    aurora?: {
      engineVersion: string;
      instanceClass: string;
      readers: number;
      deletionProtection: boolean;
    };
  }>;
}

/**
 * How registry names become AWS resource names. The one place to change when
 * the infra app names resources differently.
 */
export const seedNames = {
  /** The infra app names the cluster after the spoke (`infra/lib/stacks/spoke-stack.ts`). */
  eksCluster: (spoke: string) => spoke,
  /** The infra app's managed node group (`infra/lib/constructs/eks-cluster.ts`). */
  nodegroup: 'system',
  auroraCluster: (spoke: string) => `${spoke}-aurora`,
  auroraWriter: (spoke: string) => `${spoke}-aurora-writer`,
  auroraReader: (spoke: string, n: number) => `${spoke}-aurora-reader-${n}`,
  /** As `infra/lib/constructs/transit-gateway.ts` tags it. */
  transitGateway: 'platform-hub',
  /** The hub VPC's own route table on the TGW. */
  hubRouteTable: 'platform-hub',
  /** As `infra/lib/constructs/transit-gateway.ts` tags them. */
  routeTable: (cls: EnvironmentClass) => `platform-${cls}`,
  vpc: (system: string) => `${system}-vpc`,
};

/**
 * The version each add-on of platform-common's `SPOKE_EKS_ADDONS` reports, as EKS
 * would for the cluster's Kubernetes patch release. The names come from the list.
 */
const ADDON_VERSIONS: Record<string, (kubernetesPatch: string) => string> = {
  'vpc-cni': () => 'v1.20.4-eksbuild.1',
  'kube-proxy': patch => `v${patch}-eksbuild.2`,
  coredns: () => 'v1.12.3-eksbuild.1',
  'eks-pod-identity-agent': () => 'v1.3.9-eksbuild.3',
  'aws-ebs-csi-driver': () => 'v1.51.0-eksbuild.1',
  'aws-secrets-store-csi-driver-provider': () => 'v2.1.0-eksbuild.1',
  'metrics-server': () => 'v0.8.0-eksbuild.2',
  'external-dns': () => 'v0.19.0-eksbuild.1',
};

/** The add-ons the infra app installs on every cluster (platform-common's list), with their versions. */
export function standardAddons(
  kubernetesPatch: string,
): Record<string, string> {
  return Object.fromEntries(
    SPOKE_EKS_ADDONS.map(a => [
      a.name,
      ADDON_VERSIONS[a.name]?.(kubernetesPatch) ?? 'v1.0.0-eksbuild.1',
    ]),
  );
}

/**
 * Support dates of the Aurora MySQL major versions, as RDS publishes them (standard
 * support, then paid extended support). The control API's state read shows them.
 */
function seedMajorEngineVersions(): RdsMajorEngineVersion[] {
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  const lifecycle = (
    standardStart: string,
    standardEnd: string,
    extendedEnd: string,
  ) => [
    {
      LifecycleSupportName: 'open-source-rds-standard-support',
      LifecycleSupportStartDate: day(standardStart),
      LifecycleSupportEndDate: day(standardEnd),
    },
    {
      LifecycleSupportName: 'open-source-rds-extended-support',
      LifecycleSupportStartDate: day(standardEnd),
      LifecycleSupportEndDate: day(extendedEnd),
    },
  ];
  return [
    {
      Engine: 'aurora-mysql',
      MajorEngineVersion: '5.7',
      SupportedEngineLifecycles: lifecycle(
        '2018-02-06',
        '2024-10-31',
        '2027-02-28',
      ),
    },
    {
      Engine: 'aurora-mysql',
      MajorEngineVersion: '8.0',
      SupportedEngineLifecycles: lifecycle(
        '2021-11-18',
        '2028-04-30',
        '2029-04-30',
      ),
    },
  ];
}

/** The Kubernetes minor version after `version` (`1.33` -> `1.34`). */
function nextMinor(version: string): string {
  const [major, minor] = version.split('.');
  return `${major}.${Number(minor) + 1}`;
}

/** The default account for plain credentials when no registry is given. */
export const FALLBACK_ACCOUNT = '000000000000';

const CREATED = new Date('2026-01-15T03:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

const vpcId = (system: string) => `vpc-${hexId(`vpc:${system}`)}`;
type SeedSpokeIds = {
  name: string;
  deployed?: SeedRegistry['spokes'][number]['deployed'];
};
/** The spoke's VPC id: from the registry once deployed, else a stable invented one. */
const spokeVpcId = (s: SeedSpokeIds) => s.deployed?.vpcId ?? vpcId(s.name);
const spokeAttachmentId = (s: SeedSpokeIds) =>
  s.deployed?.transitGatewayAttachmentId ??
  `tgw-attach-${hexId(`attach:${s.name}`)}`;
const subnetId = (system: string, az: string) =>
  `subnet-${hexId(`subnet:${system}:${az}`)}`;

/** `AWS/RDS` `AuroraReplicaLag` (milliseconds) of one replica, one value per minute. */
export function auroraReplicaLag(
  instanceId: string,
  values: number[],
): MetricSeries {
  return {
    Namespace: 'AWS/RDS',
    MetricName: 'AuroraReplicaLag',
    Dimensions: [{ Name: 'DBInstanceIdentifier', Value: instanceId }],
    Values: values,
  };
}

/** An empty state: no resources, plain credentials act in `defaultAccount`. */
export function emptyData(defaultAccount = FALLBACK_ACCOUNT): AwsLocalData {
  return {
    defaultAccount,
    eksVersions: seedEksVersions(),
    rdsMajorEngineVersions: seedMajorEngineVersions(),
    regions: {},
  };
}

/**
 * The state the platform registry implies once everything is deployed and
 * healthy: per spoke an ACTIVE EKS cluster with its node group and add-ons, an
 * available Aurora cluster with its managed master secret; in the hub the TGW,
 * a route table per environment class, each spoke's associated VPC attachment
 * and a static route to its CIDR. Plain credentials act in the hub account.
 */
export function seedFromRegistry(
  registry: SeedRegistry,
  now: Date = new Date(),
): AwsLocalData {
  const data = emptyData(registry.hub.account);
  const region = (account: string, name: string): AccountRegionState => {
    const key = regionKey(account, name);
    data.regions[key] ??= emptyRegion(account, name);
    return data.regions[key];
  };
  const hubState = region(registry.hub.account, registry.hub.region);
  hubState.ec2.vpcs.push(
    seedVpc(
      registry.hub.name,
      registry.hub.account,
      vpcId(registry.hub.name),
      registry.hub.network.cidr,
    ),
  );
  seedHub(registry, hubState);
  seedIpam(registry, hubState);
  for (const spoke of registry.spokes) {
    const state = region(spoke.account, spoke.region);
    state.ec2.vpcs.push(
      seedVpc(spoke.name, spoke.account, spokeVpcId(spoke), spoke.network.cidr),
    );
    seedEks(spoke, state, data.eksVersions);
    if (spoke.aurora) seedAurora(spoke, spoke.aurora, state, now);
  }
  return data;
}

function seedHub(registry: SeedRegistry, state: AccountRegionState): void {
  const { hub } = registry;
  const tgwId =
    hub.deployed?.transitGatewayId ?? `tgw-${hexId(`tgw:${hub.name}`)}`;
  const rtbId = (cls: EnvironmentClass) =>
    hub.deployed?.routeTableIds[cls] ?? `tgw-rtb-${hexId(`rtb:${cls}`)}`;
  const classes: EnvironmentClass[] = ['non-prod', 'prod'];

  state.ec2.transitGateways.push({
    TransitGatewayId: tgwId,
    TransitGatewayArn: `arn:aws:ec2:${hub.region}:${hub.account}:transit-gateway/${tgwId}`,
    State: 'available',
    OwnerId: hub.account,
    Description: `Hub transit gateway of ${hub.name}`,
    CreationTime: CREATED,
    Options: {
      AmazonSideAsn: 64512,
      AutoAcceptSharedAttachments: 'disable',
      DefaultRouteTableAssociation: 'disable',
      DefaultRouteTablePropagation: 'disable',
      VpnEcmpSupport: 'enable',
      DnsSupport: 'enable',
      SecurityGroupReferencingSupport: 'disable',
      MulticastSupport: 'disable',
    },
    Tags: [{ Key: 'Name', Value: seedNames.transitGateway }],
    SharedWith: registry.spokes.map(s => s.account),
  });

  const hubAttachment: TgwAttachment = {
    TransitGatewayAttachmentId: `tgw-attach-${hexId(`attach:${hub.name}`)}`,
    TransitGatewayId: tgwId,
    TransitGatewayOwnerId: hub.account,
    ResourceOwnerId: hub.account,
    ResourceType: 'vpc',
    ResourceId: vpcId(hub.name),
    State: 'available',
    CreationTime: CREATED,
    Tags: [{ Key: 'Name', Value: `${hub.name}-tgw-attachment` }],
    SubnetIds: hub.network.availabilityZones.map(az => subnetId(hub.name, az)),
    VpcOptions: vpcAttachmentOptions(),
  };
  state.ec2.attachments.push(hubAttachment);

  for (const cls of classes) {
    const routes: TgwRoute[] = [
      {
        DestinationCidrBlock: hub.network.cidr,
        TransitGatewayAttachments: [attachmentRef(hubAttachment)],
        Type: 'propagated',
        State: 'active',
      },
    ];
    for (const spoke of registry.spokes.filter(
      s => s.environmentClass === cls,
    )) {
      const attachment: TgwAttachment = {
        TransitGatewayAttachmentId: spokeAttachmentId(spoke),
        TransitGatewayId: tgwId,
        TransitGatewayOwnerId: hub.account,
        ResourceOwnerId: spoke.account,
        ResourceType: 'vpc',
        ResourceId: spokeVpcId(spoke),
        State: 'available',
        Association: {
          TransitGatewayRouteTableId: rtbId(cls),
          State: 'associated',
        },
        CreationTime: CREATED,
        Tags: [
          { Key: 'Name', Value: `${spoke.name}-tgw-attachment` },
          { Key: 'platform.io/spoke', Value: spoke.name },
        ],
        SubnetIds: spoke.network.availabilityZones.map(az =>
          subnetId(spoke.name, az),
        ),
        VpcOptions: vpcAttachmentOptions(),
      };
      state.ec2.attachments.push(attachment);
      routes.push({
        DestinationCidrBlock: spoke.network.cidr,
        TransitGatewayAttachments: [attachmentRef(attachment)],
        Type: 'static',
        State: 'active',
      });
    }
    state.ec2.routeTables.push({
      TransitGatewayRouteTableId: rtbId(cls),
      TransitGatewayId: tgwId,
      State: 'available',
      DefaultAssociationRouteTable: false,
      DefaultPropagationRouteTable: false,
      CreationTime: CREATED,
      Tags: [
        { Key: 'Name', Value: seedNames.routeTable(cls) },
        { Key: 'platform.io/environment-class', Value: cls },
      ],
      Routes: routes,
    });
  }

  // The hub VPC's own table: associated with the hub attachment; the infra writes a
  // static route to each spoke's primary CIDR (propagation would add its pod CIDR).
  const hubTableId = `tgw-rtb-${hexId(`rtb:${hub.name}:hub`)}`;
  hubAttachment.Association = {
    TransitGatewayRouteTableId: hubTableId,
    State: 'associated',
  };
  state.ec2.routeTables.push({
    TransitGatewayRouteTableId: hubTableId,
    TransitGatewayId: tgwId,
    State: 'available',
    DefaultAssociationRouteTable: false,
    DefaultPropagationRouteTable: false,
    CreationTime: CREATED,
    Tags: [{ Key: 'Name', Value: seedNames.hubRouteTable }],
    Routes: state.ec2.attachments
      .filter(a => a !== hubAttachment)
      .map(a => ({
        DestinationCidrBlock: registry.spokes.find(
          s => spokeAttachmentId(s) === a.TransitGatewayAttachmentId,
        )!.network.cidr,
        TransitGatewayAttachments: [attachmentRef(a)],
        Type: 'static',
        State: 'active',
      })),
  });
}

/** A VPC as the infra app creates it: the registry's primary CIDR, tagged with its name. */
function seedVpc(
  system: string,
  account: string,
  id: string,
  cidr: string,
): Vpc {
  return {
    VpcId: id,
    OwnerId: account,
    CidrBlock: cidr,
    State: 'available',
    IsDefault: false,
    CidrBlockAssociationSet: [
      {
        AssociationId: `vpc-cidr-assoc-${hexId(`cidr:${system}`)}`,
        CidrBlock: cidr,
        CidrBlockState: { State: 'associated' },
      },
    ],
    Tags: [{ Key: 'Name', Value: seedNames.vpc(system) }],
  };
}

function vpcAttachmentOptions(): Record<string, string> {
  return {
    DnsSupport: 'enable',
    SecurityGroupReferencingSupport: 'disable',
    Ipv6Support: 'disable',
    ApplianceModeSupport: 'disable',
  };
}

function attachmentRef(a: TgwAttachment) {
  return {
    ResourceId: a.ResourceId,
    TransitGatewayAttachmentId: a.TransitGatewayAttachmentId,
    ResourceType: a.ResourceType,
  };
}

type SeedSpoke = SeedRegistry['spokes'][number];

function seedEks(
  spoke: SeedSpoke,
  state: AccountRegionState,
  versions: AwsLocalData['eksVersions'],
): void {
  const { account, region } = spoke;
  const name = seedNames.eksCluster(spoke.name);
  const subnets = spoke.network.availabilityZones.map(az =>
    subnetId(spoke.name, az),
  );
  const oidc = upperId(`oidc:${account}:${name}`, 32);
  const patch =
    versions.find(v => v.clusterVersion === spoke.eks.version)
      ?.kubernetesPatchVersion ?? `${spoke.eks.version}.0`;
  state.eks.clusters.push({
    name,
    arn: `arn:aws:eks:${region}:${account}:cluster/${name}`,
    createdAt: CREATED,
    version: spoke.eks.version,
    endpoint: `https://${oidc}.gr7.${region}.eks.amazonaws.com`,
    roleArn: `arn:aws:iam::${account}:role/${name}-cluster-role`,
    resourcesVpcConfig: {
      subnetIds: subnets,
      securityGroupIds: [],
      clusterSecurityGroupId: `sg-${hexId(`sg:eks:${name}`)}`,
      vpcId: spokeVpcId(spoke),
      endpointPublicAccess: false,
      endpointPrivateAccess: true,
      publicAccessCidrs: [],
    },
    kubernetesNetworkConfig: {
      serviceIpv4Cidr: '172.20.0.0/16',
      ipFamily: 'ipv4',
    },
    identity: {
      oidc: { issuer: `https://oidc.eks.${region}.amazonaws.com/id/${oidc}` },
    },
    status: 'ACTIVE',
    certificateAuthority: {
      data: Buffer.from(`aws-local CA for ${name}`).toString('base64'),
    },
    platformVersion: 'eks.10',
    tags: { 'platform.io/spoke': spoke.name },
    health: { issues: [] },
    accessConfig: { authenticationMode: 'API' },
    upgradePolicy: { supportType: 'EXTENDED' },
  });
  const ng = spoke.eks.nodeGroup;
  const ngId = uuidFrom(`ng:${account}:${name}`);
  state.eks.nodegroups.push({
    nodegroupName: seedNames.nodegroup,
    nodegroupArn: `arn:aws:eks:${region}:${account}:nodegroup/${name}/${seedNames.nodegroup}/${ngId}`,
    clusterName: name,
    version: spoke.eks.version,
    releaseVersion: '1.47.0-7a5f6b3c',
    createdAt: CREATED,
    modifiedAt: CREATED,
    status: 'ACTIVE',
    capacityType: 'ON_DEMAND',
    scalingConfig: {
      minSize: ng.minSize,
      maxSize: ng.maxSize,
      desiredSize: ng.desiredSize,
    },
    instanceTypes: [...ng.instanceTypes],
    subnets,
    amiType: 'BOTTLEROCKET_x86_64',
    nodeRole: `arn:aws:iam::${account}:role/${name}-node-role`,
    labels: { 'platform.io/pool': 'system' },
    resources: {
      autoScalingGroups: [{ name: `eks-${seedNames.nodegroup}-${ngId}` }],
    },
    health: { issues: [] },
    updateConfig: { maxUnavailable: 1 },
    tags: { 'platform.io/spoke': spoke.name },
  });
  // EKS keeps upgrade-readiness insights for every cluster; a healthy one passes them.
  state.eks.insights ??= [];
  for (const [key, insightName, description] of [
    [
      'deprecated-apis',
      `Deprecated APIs removed in Kubernetes v${nextMinor(spoke.eks.version)}`,
      'Checks for usage of deprecated APIs that are scheduled for removal in the next Kubernetes version.',
    ],
    [
      'kubelet-skew',
      'Kubelet version skew',
      'Checks the worker nodes in the cluster for version skew against the control plane.',
    ],
  ]) {
    state.eks.insights.push({
      id: uuidFrom(`insight:${account}:${name}:${key}`),
      clusterName: name,
      name: insightName,
      category: 'UPGRADE_READINESS',
      kubernetesVersion: nextMinor(spoke.eks.version),
      lastRefreshTime: CREATED,
      lastTransitionTime: CREATED,
      description,
      insightStatus: {
        status: 'PASSING',
        reason: 'No issues found.',
      },
    });
  }
  for (const [addonName, addonVersion] of Object.entries(
    standardAddons(patch),
  )) {
    const addon: EksAddon = {
      addonName,
      clusterName: name,
      status: 'ACTIVE',
      addonVersion,
      health: { issues: [] },
      addonArn: `arn:aws:eks:${region}:${account}:addon/${name}/${addonName}/${uuidFrom(
        `addon:${account}:${name}:${addonName}`,
      )}`,
      createdAt: CREATED,
      modifiedAt: CREATED,
      tags: {},
    };
    state.eks.addons.push(addon);
  }
  for (const { name: capabilityName, type } of SPOKE_EKS_CAPABILITIES) {
    state.eks.capabilities.push({
      capabilityName,
      clusterName: name,
      arn: `arn:aws:eks:${region}:${account}:capability/${name}/${type}/${capabilityName}/${uuidFrom(
        `capability:${account}:${name}:${capabilityName}`,
      )}`,
      type,
      status: 'ACTIVE',
      version: type === 'ARGOCD' ? 'v3.1.8-eks-1' : 'v1.0.0',
      roleArn: `arn:aws:iam::${account}:role/${name}-${capabilityName}-capability`,
      configuration:
        type === 'ARGOCD'
          ? {
              argoCd: {
                namespace: 'argocd',
                serverUrl: `https://${hexId(
                  `argocd:${account}:${name}`,
                  12,
                )}.eks-capabilities.${region}.amazonaws.com`,
              },
            }
          : {},
      health: { issues: [] },
      tags: { 'platform.io/spoke': spoke.name },
      createdAt: CREATED,
      modifiedAt: CREATED,
      deletePropagationPolicy: 'RETAIN',
    });
  }
}

function seedAurora(
  spoke: SeedSpoke,
  aurora: NonNullable<SeedSpoke['aurora']>,
  state: AccountRegionState,
  now: Date,
): void {
  const { account, region } = spoke;
  const id = seedNames.auroraCluster(spoke.name);
  const clusterArn = `arn:aws:rds:${region}:${account}:cluster:${id}`;
  const kmsKeyId = `arn:aws:kms:${region}:${account}:key/${uuidFrom(
    `kms:${account}:${id}`,
  )}`;
  const host = hexId(`rds:${account}:${region}`, 12);
  const secretName = `rds!cluster-${uuidFrom(`secret:${clusterArn}`)}`;
  const secretArn = `arn:aws:secretsmanager:${region}:${account}:secret:${secretName}-${upperId(
    secretArn6(clusterArn),
    6,
  )}`;
  const tags: Ec2Tag[] = [{ Key: 'platform.io/spoke', Value: spoke.name }];
  const subnetGroup = {
    DBSubnetGroupName: `${id}-subnets`,
    DBSubnetGroupDescription: `Database subnets of ${spoke.name}`,
    VpcId: spokeVpcId(spoke),
    SubnetGroupStatus: 'Complete',
  };
  const securityGroup = `sg-${hexId(`sg:rds:${id}`)}`;
  const azs = spoke.network.availabilityZones;

  const instanceIds = [
    seedNames.auroraWriter(spoke.name),
    ...Array.from({ length: aurora.readers }, (_, i) =>
      seedNames.auroraReader(spoke.name, i + 1),
    ),
  ];
  state.rds.clusters.push({
    DBClusterIdentifier: id,
    DBClusterArn: clusterArn,
    DbClusterResourceId: `cluster-${upperId(`cluster:${clusterArn}`, 26)}`,
    Status: 'available',
    Engine: 'aurora-mysql',
    EngineVersion: aurora.engineVersion,
    EngineMode: 'provisioned',
    AvailabilityZones: [...azs],
    BackupRetentionPeriod: aurora.deletionProtection ? 35 : 7,
    DBClusterParameterGroup: `${id}-params`,
    DBSubnetGroup: subnetGroup.DBSubnetGroupName,
    Endpoint: `${id}.cluster-${host}.${region}.rds.amazonaws.com`,
    ReaderEndpoint: `${id}.cluster-ro-${host}.${region}.rds.amazonaws.com`,
    MultiAZ: aurora.readers > 0,
    Port: 3306,
    MasterUsername: 'admin',
    PreferredBackupWindow: '17:00-18:00',
    PreferredMaintenanceWindow: 'sun:18:00-sun:18:30',
    DBClusterMembers: instanceIds.map((instanceId, i) => ({
      DBInstanceIdentifier: instanceId,
      IsClusterWriter: i === 0,
      DBClusterParameterGroupStatus: 'in-sync',
      PromotionTier: 1,
    })),
    VpcSecurityGroups: [
      { VpcSecurityGroupId: securityGroup, Status: 'active' },
    ],
    HostedZoneId: 'Z2G4SGFSRHLLKH',
    StorageEncrypted: true,
    KmsKeyId: kmsKeyId,
    IAMDatabaseAuthenticationEnabled: true,
    ClusterCreateTime: CREATED,
    EnabledCloudwatchLogsExports: ['audit', 'error', 'slowquery'],
    DeletionProtection: aurora.deletionProtection,
    CopyTagsToSnapshot: true,
    AutoMinorVersionUpgrade: true,
    MasterUserSecret: {
      SecretArn: secretArn,
      SecretStatus: 'active',
      KmsKeyId: kmsKeyId,
    },
    TagList: tags,
  });
  // Healthy replicas lag the writer by some tens of milliseconds. Ten minutes of
  // values, so that a five-minute window is full however its start and the
  // endpoint's clock fall against a minute boundary, as with a real series.
  state.cloudwatch ??= { metrics: [] };
  for (const instanceId of instanceIds.slice(1)) {
    state.cloudwatch.metrics.push(
      auroraReplicaLag(instanceId, [18, 22, 15, 20, 17, 19, 16, 21, 18, 20]),
    );
  }
  instanceIds.forEach((instanceId, i) => {
    const instance: DbInstance = {
      DBInstanceIdentifier: instanceId,
      DBInstanceArn: `arn:aws:rds:${region}:${account}:db:${instanceId}`,
      DbiResourceId: `db-${upperId(`db:${account}:${instanceId}`, 26)}`,
      DBClusterIdentifier: id,
      DBInstanceClass: aurora.instanceClass,
      DBInstanceStatus: 'available',
      Engine: 'aurora-mysql',
      EngineVersion: aurora.engineVersion,
      MasterUsername: 'admin',
      Endpoint: {
        Address: `${instanceId}.${host}.${region}.rds.amazonaws.com`,
        Port: 3306,
        HostedZoneId: 'Z2G4SGFSRHLLKH',
      },
      InstanceCreateTime: CREATED,
      AvailabilityZone: azs[i % azs.length],
      DBSubnetGroup: subnetGroup,
      VpcSecurityGroups: [
        { VpcSecurityGroupId: securityGroup, Status: 'active' },
      ],
      PreferredMaintenanceWindow: 'sun:18:00-sun:18:30',
      MultiAZ: false,
      AutoMinorVersionUpgrade: true,
      PubliclyAccessible: false,
      StorageEncrypted: true,
      KmsKeyId: kmsKeyId,
      IAMDatabaseAuthenticationEnabled: true,
      PerformanceInsightsEnabled: true,
      PromotionTier: 1,
      DeletionProtection: false,
      TagList: tags,
    };
    state.rds.instances.push(instance);
  });
  state.secretsManager.secrets.push({
    ARN: secretArn,
    Name: secretName,
    Description: `Secret associated with primary RDS DB cluster: ${clusterArn}`,
    KmsKeyId: kmsKeyId,
    RotationEnabled: true,
    RotationRules: { AutomaticallyAfterDays: 7 },
    LastRotatedDate: new Date(now.getTime() - 2 * DAY),
    LastChangedDate: new Date(now.getTime() - 2 * DAY),
    NextRotationDate: new Date(now.getTime() + 5 * DAY),
    CreatedDate: CREATED,
    OwningService: 'rds',
    PrimaryRegion: region,
    Tags: [
      { Key: 'aws:rds:primaryDBClusterArn', Value: clusterArn },
      { Key: 'aws:secretsmanager:owningService', Value: 'rds' },
    ],
    VersionIdsToStages: {
      [uuidFrom(`secret-version:${clusterArn}`)]: ['AWSCURRENT'],
    },
  });
}

function secretArn6(clusterArn: string): string {
  return `secret-suffix:${clusterArn}`;
}

/**
 * The hub's IPAM pools (`deployed.ipamPoolIds`), as the hub stack leaves them: the hub
 * block and the blocks of spokes naming no pool reserved (`custom`, the descriptions
 * the infra app gives them), and each spoke naming a pool holding its VPC's block.
 */
function seedIpam(registry: SeedRegistry, state: AccountRegionState): void {
  const { hub } = registry;
  const ids = hub.deployed?.ipamPoolIds;
  const pools = hub.addressPlan?.pools ?? [];
  if (!ids) return;
  const holds = (pool: { cidrs: string[] }, cidr: string) =>
    pool.cidrs.some(c => cidrWithin(cidr, c));
  let n = 0;
  const allocationId = () =>
    `ipam-pool-alloc-${(++n).toString(16).padStart(17, '0')}`;
  state.ec2.ipamPools = pools
    .filter(p => ids[p.name])
    .map(pool => {
      const allocations: IpamPoolAllocation[] = [];
      if (holds(pool, hub.network.cidr)) {
        allocations.push({
          Cidr: hub.network.cidr,
          IpamPoolAllocationId: allocationId(),
          Description: HUB_RESERVATION_DESCRIPTION,
          ResourceType: 'custom',
          ResourceOwner: hub.account,
        });
      }
      for (const spoke of registry.spokes) {
        const named = spoke.network.pool;
        if (named === pool.name) {
          allocations.push({
            Cidr: spoke.network.cidr,
            IpamPoolAllocationId: allocationId(),
            ResourceType: 'vpc',
            ResourceId: spokeVpcId(spoke),
            ResourceRegion: spoke.region,
            ResourceOwner: spoke.account,
          });
        } else if (!named && holds(pool, spoke.network.cidr)) {
          allocations.push({
            Cidr: spoke.network.cidr,
            IpamPoolAllocationId: allocationId(),
            Description: spokeReservationDescription(spoke.name),
            ResourceType: 'custom',
            ResourceOwner: hub.account,
          });
        }
      }
      return {
        IpamPoolId: ids[pool.name],
        Name: pool.name,
        Cidrs: [...pool.cidrs],
        Locale: hub.region,
        Allocations: allocations,
      };
    });
}
