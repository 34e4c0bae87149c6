import { createPermission } from '@backstage/plugin-permission-common';

/** The catalog's resource type, repeated here so this package needs no catalog dependency. */
const CATALOG_ENTITY_RESOURCE_TYPE = 'catalog-entity';

/** Read spoke health: the spoke list, one spoke's checks and its history. */
export const platformHealthReadPermission = createPermission({
  name: 'platform.health.read',
  attributes: { action: 'read' },
});

/** Start a spoke health refresh now instead of waiting for the schedule. */
export const platformHealthRefreshPermission = createPermission({
  name: 'platform.health.refresh',
  attributes: { action: 'update' },
});

/**
 * Create a runbook secret for a service (a catalog Component) in its spokes. A resource
 * permission on the service's entity, so a policy can allow it to the entity's owners.
 */
export const platformSecretCreatePermission = createPermission({
  name: 'platform.secret.create',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/** The resource type of a tracked pull request opened by a template. */
export const PLATFORM_REQUEST_RESOURCE_TYPE = 'platform-request';

/**
 * Read a tracked request (a pull request a template opened, followed until what it
 * asked for runs). A resource permission so a policy can narrow it to the requester's
 * and the owning team's requests with the rules the platform backend registers.
 */
export const platformRequestReadPermission = createPermission({
  name: 'platform.request.read',
  attributes: { action: 'read' },
  resourceType: PLATFORM_REQUEST_RESOURCE_TYPE,
});

/** Every permission of the platform plugins, for registration and policies. */
export const platformPermissions = [
  platformHealthReadPermission,
  platformHealthRefreshPermission,
  platformSecretCreatePermission,
  platformRequestReadPermission,
];
