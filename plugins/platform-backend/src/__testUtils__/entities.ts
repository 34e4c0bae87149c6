import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_PLATFORM_ACCOUNT_ID,
  ANNOTATION_PLATFORM_DB_CLUSTER_IDENTIFIER,
  ANNOTATION_PLATFORM_EKS_CLUSTER_NAME,
  ANNOTATION_PLATFORM_ENVIRONMENT_CLASS,
  ANNOTATION_PLATFORM_REGION,
  ANNOTATION_PLATFORM_SPOKE,
  ANNOTATION_PLATFORM_TGW_ATTACHMENT_ID,
  ANNOTATION_PLATFORM_TRANSIT_GATEWAY_ID,
  ANNOTATION_PLATFORM_VPC_CIDR,
  Registry,
  spokeResourceNames,
} from '@internal/plugin-platform-common';

function system(
  name: string,
  annotations: Record<string, string>,
  owner = 'group:default/platform-team',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner },
  };
}

/**
 * The hub and spoke System entities as the catalog module emits them from a
 * registry (annotation keys from `@internal/plugin-platform-common`).
 */
export function entitiesFromRegistry(registry: Registry): Entity[] {
  const { hub } = registry;
  const hubAnnotations: Record<string, string> = {
    [ANNOTATION_PLATFORM_SPOKE]: hub.name,
    [ANNOTATION_PLATFORM_ACCOUNT_ID]: hub.account,
    [ANNOTATION_PLATFORM_REGION]: hub.region,
    [ANNOTATION_PLATFORM_ENVIRONMENT_CLASS]: 'hub',
    [ANNOTATION_PLATFORM_VPC_CIDR]: hub.network.cidr,
  };
  if (hub.deployed) {
    hubAnnotations[ANNOTATION_PLATFORM_TRANSIT_GATEWAY_ID] =
      hub.deployed.transitGatewayId;
  }
  return [
    system(hub.name, hubAnnotations),
    ...registry.spokes.map(spoke => {
      const names = spokeResourceNames(spoke.name);
      const annotations: Record<string, string> = {
        [ANNOTATION_PLATFORM_SPOKE]: spoke.name,
        [ANNOTATION_PLATFORM_ACCOUNT_ID]: spoke.account,
        [ANNOTATION_PLATFORM_REGION]: spoke.region,
        [ANNOTATION_PLATFORM_ENVIRONMENT_CLASS]: spoke.environmentClass,
        [ANNOTATION_PLATFORM_VPC_CIDR]: spoke.network.cidr,
        [ANNOTATION_PLATFORM_EKS_CLUSTER_NAME]: names.eksClusterName,
        [ANNOTATION_PLATFORM_DB_CLUSTER_IDENTIFIER]: names.dbClusterIdentifier,
      };
      if (spoke.deployed?.transitGatewayAttachmentId) {
        annotations[ANNOTATION_PLATFORM_TGW_ATTACHMENT_ID] =
          spoke.deployed.transitGatewayAttachmentId;
      }
      return system(spoke.name, annotations, spoke.owner);
    }),
  ];
}
