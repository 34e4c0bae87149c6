import { createPermission } from '@backstage/plugin-permission-common';

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
 * Create a secret for a catalog entity (the New secret form). A resource permission
 * on the entity, so the policy can allow it to the entity's owners and the platform
 * team.
 */
export const platformSecretCreatePermission = createPermission({
  name: 'platform.secret.create',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/** The spoke health permissions, which the platform backend registers. */
export const platformPermissions = [
  platformHealthReadPermission,
  platformHealthRefreshPermission,
];
