import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
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
  isValidCidr,
  spokeResourceNames,
} from '@internal/plugin-platform-common';
import { HubTarget, SpokeTarget } from './observations';

/** The hub's environment class on its System entity. */
export const HUB_ENVIRONMENT_CLASS = 'hub';

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * `spec.owner` as a full entity ref (`team-a` is `group:<namespace>/team-a`), so
 * the same team filters the same whichever way an entity spells it.
 */
function ownerRef(entity: Entity): string | undefined {
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

/**
 * Turns the platform's catalog System entities (those annotated with
 * `platform.io/spoke`) into the hub and the spokes to check. Malformed
 * annotations do not drop a spoke: they are left out and named in `problems`,
 * so its page says what to fix.
 */
export function targetsFromEntities(entities: Entity[]): {
  hub?: HubTarget;
  spokes: SpokeTarget[];
} {
  let hub: HubTarget | undefined;
  const spokes: SpokeTarget[] = [];
  for (const entity of entities) {
    if (entity.kind.toLowerCase() !== 'system') continue;
    const annotations = entity.metadata.annotations ?? {};
    const name = annotations[ANNOTATION_PLATFORM_SPOKE];
    if (!name) continue;
    const problems: string[] = [];
    const read = (key: string, pattern?: RegExp, rule?: string) => {
      const value = annotations[key]?.trim();
      if (!value) return undefined;
      if (pattern && !pattern.test(value)) {
        problems.push(`${key} "${value}" ${rule}`);
        return undefined;
      }
      return value;
    };
    const accountId = read(
      ANNOTATION_PLATFORM_ACCOUNT_ID,
      ACCOUNT,
      'is not a 12-digit account id',
    );
    const region = read(
      ANNOTATION_PLATFORM_REGION,
      REGION,
      'is not an AWS region',
    );
    const environmentClass = read(ANNOTATION_PLATFORM_ENVIRONMENT_CLASS);
    const entityRef = stringifyEntityRef(entity);
    if (environmentClass === HUB_ENVIRONMENT_CLASS) {
      hub = {
        name,
        entityRef,
        accountId,
        region,
        transitGatewayId: read(ANNOTATION_PLATFORM_TRANSIT_GATEWAY_ID),
      };
      continue;
    }
    for (const [key, value] of [
      [ANNOTATION_PLATFORM_ACCOUNT_ID, accountId],
      [ANNOTATION_PLATFORM_REGION, region],
    ] as const) {
      if (!value && !problems.some(p => p.startsWith(key))) {
        problems.push(`${key} is missing on ${entityRef}`);
      }
    }
    const vpcCidr = annotations[ANNOTATION_PLATFORM_VPC_CIDR]?.trim();
    if (vpcCidr && !isValidCidr(vpcCidr)) {
      problems.push(
        `${ANNOTATION_PLATFORM_VPC_CIDR} "${vpcCidr}" is not a CIDR block`,
      );
    }
    const defaults = spokeResourceNames(name);
    spokes.push({
      name,
      entityRef,
      accountId,
      region,
      environmentClass,
      owner: ownerRef(entity),
      eksClusterName:
        read(ANNOTATION_PLATFORM_EKS_CLUSTER_NAME) ?? defaults.eksClusterName,
      dbClusterIdentifier:
        read(ANNOTATION_PLATFORM_DB_CLUSTER_IDENTIFIER) ??
        defaults.dbClusterIdentifier,
      tgwAttachmentId: read(ANNOTATION_PLATFORM_TGW_ATTACHMENT_ID),
      vpcCidr: vpcCidr && isValidCidr(vpcCidr) ? vpcCidr : undefined,
      problems,
    });
  }
  // Two entities claiming one spoke (e.g. in two namespaces): keep one, say so.
  const byName = new Map<string, SpokeTarget>();
  for (const spoke of spokes.sort((a, b) =>
    a.entityRef.localeCompare(b.entityRef),
  )) {
    const first = byName.get(spoke.name);
    if (first) {
      first.problems.push(
        `${spoke.entityRef} also claims spoke ${spoke.name}; it is ignored`,
      );
    } else {
      byName.set(spoke.name, spoke);
    }
  }
  return {
    hub,
    spokes: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
