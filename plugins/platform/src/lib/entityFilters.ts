import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_PLATFORM_COMPONENT,
  ANNOTATION_PLATFORM_ENVIRONMENT_CLASS,
  ANNOTATION_PLATFORM_SPOKE,
  ANNOTATION_PLATFORM_SPOKES,
  isPlatformComponent,
  parseSpokesAnnotation,
} from '@internal/plugin-platform-common';
import { HUB_ENVIRONMENT_CLASS } from './rows';

/** Which entity cards show on which catalog entities: pure, so each is unit tested. */

function annotation(entity: Entity, key: string): string | undefined {
  return entity.metadata.annotations?.[key];
}

function isKind(entity: Entity, kind: string): boolean {
  return entity.kind.toLowerCase() === kind;
}

function isHub(entity: Entity): boolean {
  return (
    annotation(entity, ANNOTATION_PLATFORM_ENVIRONMENT_CLASS) ===
    HUB_ENVIRONMENT_CLASS
  );
}

/** A spoke's System, as the platform catalog module writes it. */
export function isSpokeSystem(entity: Entity): boolean {
  return (
    isKind(entity, 'system') &&
    !!annotation(entity, ANNOTATION_PLATFORM_SPOKE) &&
    !isHub(entity)
  );
}

/** The hub's System. */
export function isHubSystem(entity: Entity): boolean {
  return (
    isKind(entity, 'system') &&
    !!annotation(entity, ANNOTATION_PLATFORM_SPOKE) &&
    isHub(entity)
  );
}

/** A spoke's EKS cluster, TGW attachment or Aurora cluster. */
export function isSpokeResource(entity: Entity): boolean {
  return (
    isKind(entity, 'resource') &&
    !!annotation(entity, ANNOTATION_PLATFORM_SPOKE) &&
    isPlatformComponent(annotation(entity, ANNOTATION_PLATFORM_COMPONENT)) &&
    !isHub(entity)
  );
}

/** The hub's Transit Gateway (ECR and private zones are not health-checked). */
export function isHubTransitGateway(entity: Entity): boolean {
  return (
    isKind(entity, 'resource') &&
    annotation(entity, ANNOTATION_PLATFORM_COMPONENT) === 'transit-gateway'
  );
}

/** A service's Component that names the spokes it runs on. */
export function isServiceOnSpokes(entity: Entity): boolean {
  return (
    isKind(entity, 'component') &&
    parseSpokesAnnotation(annotation(entity, ANNOTATION_PLATFORM_SPOKES))
      .length > 0
  );
}
