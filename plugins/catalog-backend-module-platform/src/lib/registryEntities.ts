import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  DEFAULT_NAMESPACE,
  DomainEntity,
  Entity,
  ResourceEntity,
  stringifyEntityRef,
  SystemEntity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_PLATFORM_ACCOUNT_ID,
  ANNOTATION_PLATFORM_COMPONENT,
  ANNOTATION_PLATFORM_DB_CLUSTER_IDENTIFIER,
  ANNOTATION_PLATFORM_ECR_REPOSITORIES,
  ANNOTATION_PLATFORM_EKS_CLUSTER_NAME,
  ANNOTATION_PLATFORM_ENVIRONMENT_CLASS,
  ANNOTATION_PLATFORM_HOSTED_ZONE_ID,
  ANNOTATION_PLATFORM_HOSTED_ZONE_NAME,
  ANNOTATION_PLATFORM_REGION,
  ANNOTATION_PLATFORM_SPOKE,
  ANNOTATION_PLATFORM_TGW_ATTACHMENT_ID,
  ANNOTATION_PLATFORM_TRANSIT_GATEWAY_ID,
  ANNOTATION_PLATFORM_VPC_CIDR,
  ANNOTATION_PLATFORM_VPC_ID,
  HubComponent,
  HubConfig,
  hubEntityNames,
  PLATFORM_DOMAIN_NAME,
  PlatformComponent,
  RegistryEntry,
  SpokeConfig,
  spokeEntityNames,
  spokeResourceNames,
} from '@internal/plugin-platform-common';

/** The registry the catalog shows: one hub and the spokes that passed the checks. */
export interface RegistrySnapshot {
  hub: RegistryEntry<HubConfig>;
  spokes: RegistryEntry<SpokeConfig>[];
}

export interface RegistryEntitiesOptions {
  /**
   * The location of a registry file as `<type>:<target>`, for example
   * `file:/repo/infra/config/spokes/dev.yaml`; becomes each entity's
   * `backstage.io/managed-by-location`.
   */
  locationOf(file: string): string;
}

/** Resource `spec.type` of each platform component. */
export const RESOURCE_TYPES: Record<PlatformComponent | HubComponent, string> =
  {
    eks: 'eks-cluster',
    'tgw-attachment': 'transit-gateway-attachment',
    aurora: 'aurora-mysql-cluster',
    'transit-gateway': 'transit-gateway',
    ecr: 'ecr-registry',
    'private-zone': 'route53-private-hosted-zone',
  };

type Annotations = Record<string, string | undefined>;

function resourceRef(name: string): string {
  return stringifyEntityRef({
    kind: 'Resource',
    namespace: DEFAULT_NAMESPACE,
    name,
  });
}

/** Drops the annotations that have no value (ids not deployed yet). */
function defined(annotations: Annotations): Record<string, string> {
  return Object.fromEntries(
    Object.entries(annotations).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}

function byText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Turns the registry into catalog entities: the platform Domain, a System for the
 * hub and each spoke, and their Resources, linked with `spec.system` and
 * `spec.dependsOn` so the catalog graph runs from each spoke to the hub. Pure:
 * the same snapshot always gives the same entities, in the same order.
 */
export function registryToEntities(
  snapshot: RegistrySnapshot,
  options: RegistryEntitiesOptions,
): Entity[] {
  const { hub } = snapshot;
  return [
    ...hubEntities(hub, options),
    ...[...snapshot.spokes]
      .sort((a, b) => byText(a.config.name, b.config.name))
      .flatMap(spoke => spokeEntities(spoke, hub.config, options)),
  ];
}

function hubEntities(
  { file, config: hub }: RegistryEntry<HubConfig>,
  { locationOf }: RegistryEntitiesOptions,
): Entity[] {
  const names = hubEntityNames(hub.name);
  const location = locationOf(file);
  const base: Annotations = {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [ANNOTATION_PLATFORM_SPOKE]: hub.name,
    [ANNOTATION_PLATFORM_ACCOUNT_ID]: hub.account,
    [ANNOTATION_PLATFORM_REGION]: hub.region,
    [ANNOTATION_PLATFORM_ENVIRONMENT_CLASS]: 'hub',
  };
  const tgwId = hub.deployed?.transitGatewayId;
  const resource = (
    name: string,
    component: HubComponent,
    description: string,
    annotations: Annotations = {},
  ): ResourceEntity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      description,
      annotations: defined({
        ...base,
        [ANNOTATION_PLATFORM_COMPONENT]: component,
        ...annotations,
      }),
    },
    spec: {
      type: RESOURCE_TYPES[component],
      owner: hub.owner,
      system: names.system,
    },
  });

  const domain: DomainEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: {
      name: PLATFORM_DOMAIN_NAME,
      title: 'Platform',
      description:
        'The hub-and-spoke AWS estate: the hub and every spoke, from the platform registry.',
      annotations: defined({
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      }),
    },
    spec: { owner: hub.owner },
  };
  const system: SystemEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: names.system,
      description:
        hub.description ??
        'The hub: Transit Gateway, private DNS and ECR shared by every spoke.',
      tags: ['hub'],
      annotations: defined({
        ...base,
        [ANNOTATION_PLATFORM_VPC_CIDR]: hub.network.cidr,
        [ANNOTATION_PLATFORM_TRANSIT_GATEWAY_ID]: tgwId,
      }),
    },
    spec: { owner: hub.owner, domain: PLATFORM_DOMAIN_NAME, type: 'hub' },
  };
  const repositories = hub.ecr.repositories;
  return [
    domain,
    system,
    resource(
      names.transitGateway,
      'transit-gateway',
      'Transit Gateway of the hub; a route table per environment class keeps prod and non-prod apart.',
      { [ANNOTATION_PLATFORM_TRANSIT_GATEWAY_ID]: tgwId },
    ),
    resource(
      names.ecr,
      'ecr',
      repositories.length > 0
        ? `ECR registry of the hub, which the spokes pull images from: ${repositories.join(
            ', ',
          )}.`
        : 'ECR registry of the hub, which the spokes pull images from (no repositories yet).',
      {
        [ANNOTATION_PLATFORM_ECR_REPOSITORIES]:
          repositories.length > 0 ? repositories.join(',') : undefined,
      },
    ),
    ...hub.dns.privateZones.map(zone =>
      resource(
        names.privateZone(zone),
        'private-zone',
        `Route 53 private hosted zone ${zone}, associated with the VPC of each spoke that lists it.`,
        {
          [ANNOTATION_PLATFORM_HOSTED_ZONE_NAME]: zone,
          [ANNOTATION_PLATFORM_HOSTED_ZONE_ID]:
            hub.deployed?.privateZoneIds[zone],
        },
      ),
    ),
  ];
}

function spokeEntities(
  { file, config: spoke }: RegistryEntry<SpokeConfig>,
  hub: HubConfig,
  { locationOf }: RegistryEntitiesOptions,
): Entity[] {
  const names = spokeEntityNames(spoke.name);
  const hubNames = hubEntityNames(hub.name);
  const aws = spokeResourceNames(spoke.name);
  const location = locationOf(file);
  const base: Annotations = {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [ANNOTATION_PLATFORM_SPOKE]: spoke.name,
    [ANNOTATION_PLATFORM_ACCOUNT_ID]: spoke.account,
    [ANNOTATION_PLATFORM_REGION]: spoke.region,
    [ANNOTATION_PLATFORM_ENVIRONMENT_CLASS]: spoke.environmentClass,
  };
  const network: Annotations = {
    [ANNOTATION_PLATFORM_VPC_CIDR]: spoke.network.cidr,
    [ANNOTATION_PLATFORM_VPC_ID]: spoke.deployed?.vpcId,
  };
  const attachmentId = spoke.deployed?.transitGatewayAttachmentId;
  const resource = (
    name: string,
    component: PlatformComponent,
    description: string,
    annotations: Annotations,
    dependsOn: string[],
  ): ResourceEntity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      description,
      annotations: defined({
        ...base,
        [ANNOTATION_PLATFORM_COMPONENT]: component,
        ...annotations,
      }),
    },
    spec: {
      type: RESOURCE_TYPES[component],
      owner: spoke.owner,
      system: names.system,
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
    },
  });

  const { eks, aurora } = spoke;
  const nodes = eks.nodeGroup;
  const system: SystemEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: names.system,
      description:
        spoke.description ??
        `Spoke ${spoke.name} (${spoke.environmentClass}): a VPC attached to the hub, an EKS cluster and an Aurora MySQL cluster.`,
      tags: ['spoke', spoke.environmentClass],
      annotations: defined({
        ...base,
        ...network,
        [ANNOTATION_PLATFORM_EKS_CLUSTER_NAME]: aws.eksClusterName,
        [ANNOTATION_PLATFORM_DB_CLUSTER_IDENTIFIER]: aws.dbClusterIdentifier,
        [ANNOTATION_PLATFORM_TGW_ATTACHMENT_ID]: attachmentId,
      }),
    },
    spec: { owner: spoke.owner, domain: PLATFORM_DOMAIN_NAME, type: 'spoke' },
  };
  return [
    system,
    resource(
      names.eks,
      'eks',
      `EKS ${eks.version} cluster ${
        aws.eksClusterName
      }: ${nodes.instanceTypes.join(', ')} nodes, ${nodes.minSize} to ${
        nodes.maxSize
      } (desired ${nodes.desiredSize}).`,
      { [ANNOTATION_PLATFORM_EKS_CLUSTER_NAME]: aws.eksClusterName },
      // Workloads pull images from the hub's ECR and resolve the hub's private zones.
      [
        resourceRef(hubNames.ecr),
        ...spoke.dns.privateZones.map(zone =>
          resourceRef(hubNames.privateZone(zone)),
        ),
      ],
    ),
    resource(
      names.tgwAttachment,
      'tgw-attachment',
      `Attaches the ${spoke.name} VPC (${spoke.network.cidr}) to the hub Transit Gateway, in the ${spoke.environmentClass} route table.`,
      {
        ...network,
        [ANNOTATION_PLATFORM_TRANSIT_GATEWAY_ID]:
          hub.deployed?.transitGatewayId,
        [ANNOTATION_PLATFORM_TGW_ATTACHMENT_ID]: attachmentId,
      },
      [resourceRef(hubNames.transitGateway)],
    ),
    resource(
      names.aurora,
      'aurora',
      `Aurora MySQL cluster ${aws.dbClusterIdentifier}: ${
        aurora.engineVersion
      } on ${aurora.instanceClass}, ${plural(
        aurora.readers,
        'reader',
      )} (up to ${aurora.maxReaders}), deletion protection ${
        aurora.deletionProtection ? 'on' : 'off'
      }.`,
      { [ANNOTATION_PLATFORM_DB_CLUSTER_IDENTIFIER]: aws.dbClusterIdentifier },
      [],
    ),
  ];
}
