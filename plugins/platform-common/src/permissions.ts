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

/** Every permission of the platform plugins, for registration and policies. */
export const platformPermissions = [
  platformHealthReadPermission,
  platformHealthRefreshPermission,
];
