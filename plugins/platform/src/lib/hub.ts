import {
  ANNOTATION_PLATFORM_ACCOUNT_ID,
  ANNOTATION_PLATFORM_REGION,
  ANNOTATION_PLATFORM_SPOKE,
  SpokeHealthResponse,
} from '@internal/plugin-platform-common';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { HUB_GATEWAY_CHECK_ID, HubGateway, HubInfo } from './rows';

/** `spec.owner` as a full entity ref (a bare name is a group in the entity's namespace). */
export function ownerRefOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner.trim()) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner.trim(), {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/** The hub as its catalog System describes it. */
export function hubInfoFromEntity(entity: Entity): HubInfo {
  const annotations = entity.metadata.annotations ?? {};
  return {
    name: annotations[ANNOTATION_PLATFORM_SPOKE] ?? entity.metadata.name,
    entityRef: stringifyEntityRef(entity),
    owner: ownerRefOf(entity),
    accountId: annotations[ANNOTATION_PLATFORM_ACCOUNT_ID],
    region: annotations[ANNOTATION_PLATFORM_REGION],
  };
}

/** The hub TGW check out of a spoke's snapshot, if it ran. */
export function hubGatewayFromSpoke(
  spoke: SpokeHealthResponse,
): HubGateway | null {
  for (const component of spoke.components) {
    const check = component.checks.find(c => c.id === HUB_GATEWAY_CHECK_ID);
    if (check) {
      return {
        check,
        spoke: spoke.spoke,
        refreshedAt: spoke.refreshedAt,
        stale: spoke.stale,
      };
    }
  }
  return null;
}
