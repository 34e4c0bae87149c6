/**
 * The catalog contract of the platform: annotation keys and resource names that the
 * catalog module writes and that spoke health, the UI and the templates read. Defined
 * once here so writer and readers cannot drift apart.
 */

/** Catalog annotation: the spoke (registry name) an entity belongs to; the hub's name on hub entities. */
export const ANNOTATION_PLATFORM_SPOKE = 'platform.io/spoke';
/** Catalog annotation: the 12-digit AWS account id of the entity. */
export const ANNOTATION_PLATFORM_ACCOUNT_ID = 'platform.io/account-id';
/** Catalog annotation: the AWS region of the entity. */
export const ANNOTATION_PLATFORM_REGION = 'platform.io/region';
/** Catalog annotation: which platform component a Resource is (see {@link PLATFORM_COMPONENTS} and {@link HUB_COMPONENTS}). */
export const ANNOTATION_PLATFORM_COMPONENT = 'platform.io/component';
/** Catalog annotation: `hub`, `non-prod` or `prod`. */
export const ANNOTATION_PLATFORM_ENVIRONMENT_CLASS =
  'platform.io/environment-class';
/** Catalog annotation: the VPC's IPv4 CIDR block. */
export const ANNOTATION_PLATFORM_VPC_CIDR = 'platform.io/vpc-cidr';
/** Catalog annotation: the VPC id, once the registry records it as deployed. */
export const ANNOTATION_PLATFORM_VPC_ID = 'platform.io/vpc-id';
/** Catalog annotation: the EKS cluster name (on a spoke's System and its EKS Resource). */
export const ANNOTATION_PLATFORM_EKS_CLUSTER_NAME =
  'platform.io/eks-cluster-name';
/** Catalog annotation: the Aurora DB cluster identifier (on a spoke's System and its Aurora Resource). */
export const ANNOTATION_PLATFORM_DB_CLUSTER_IDENTIFIER =
  'platform.io/db-cluster-identifier';
/** Catalog annotation: the hub's Transit Gateway id, once deployed. */
export const ANNOTATION_PLATFORM_TRANSIT_GATEWAY_ID =
  'platform.io/transit-gateway-id';
/** Catalog annotation: the spoke's TGW attachment id, once deployed. */
export const ANNOTATION_PLATFORM_TGW_ATTACHMENT_ID =
  'platform.io/tgw-attachment-id';
/**
 * Catalog annotation on a service's Component: the spokes it runs on, comma separated
 * (for example `dev,staging`). The entity card shows those spokes' health.
 */
export const ANNOTATION_PLATFORM_SPOKES = 'platform.io/spokes';

/** Values of {@link ANNOTATION_PLATFORM_COMPONENT} on a spoke's Resources: what spoke health checks. */
export const PLATFORM_COMPONENTS = ['eks', 'tgw-attachment', 'aurora'] as const;
export type PlatformComponent = (typeof PLATFORM_COMPONENTS)[number];

/** Values of {@link ANNOTATION_PLATFORM_COMPONENT} on the hub's Resources. */
export const HUB_COMPONENTS = [
  'transit-gateway',
  'ecr',
  'private-zone',
] as const;
export type HubComponent = (typeof HUB_COMPONENTS)[number];

/** Value of {@link ANNOTATION_PLATFORM_ENVIRONMENT_CLASS}: a spoke's class, or `hub`. */
export type PlatformEnvironmentClass = 'hub' | 'non-prod' | 'prod';

export function isPlatformComponent(
  value: unknown,
): value is PlatformComponent {
  return (PLATFORM_COMPONENTS as readonly unknown[]).includes(value);
}

/**
 * AWS names of a spoke's resources. The CDK app creates them with these names, the
 * catalog annotates entities with them and spoke health looks them up by them.
 */
export function spokeResourceNames(spokeName: string): {
  eksClusterName: string;
  dbClusterIdentifier: string;
} {
  return {
    eksClusterName: spokeName,
    dbClusterIdentifier: `${spokeName}-aurora`,
  };
}

/**
 * The public zone a spoke owns under one of the hub's public zones
 * (`<spoke>.<zone>`): delegated to the spoke account, where its certificate
 * (`*.<spoke>.<zone>`) and external-dns's records live (docs/adr/0041).
 */
export function spokePublicZoneName(
  spokeName: string,
  hubZone: string,
): string {
  return `${spokeName}.${hubZone}`;
}

/** Parses {@link ANNOTATION_PLATFORM_SPOKES}: trimmed, de-duplicated, empty entries dropped. */
export function parseSpokesAnnotation(value: string | undefined): string[] {
  if (!value) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map(s => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** Catalog annotation on the hub's ECR Resource: its repository names, comma separated. */
export const ANNOTATION_PLATFORM_ECR_REPOSITORIES =
  'platform.io/ecr-repositories';
/** Catalog annotation on a private zone Resource: the zone's DNS name, e.g. `dev.piksel.internal`. */
export const ANNOTATION_PLATFORM_HOSTED_ZONE_NAME =
  'platform.io/hosted-zone-name';
/** Catalog annotation on a private zone Resource: the Route 53 hosted zone id, once deployed. */
export const ANNOTATION_PLATFORM_HOSTED_ZONE_ID = 'platform.io/hosted-zone-id';
