/*
 * The portal's permission policy as one table. Each row names a permission and what
 * each role gets; a permission without a row is denied to everyone, the platform team
 * included. Adding a permission to the portal means adding its row here.
 *
 *   platformTeam: members of platform.permissions.platformTeam (users or groups)
 *   signedIn:     every other signed-in user
 *
 * Machine callers never reach this table: a static external-access token is limited
 * by its `accessRestrictions` (app-config.production.yaml), and backend plugins
 * acting as themselves are allowed by the permission framework before any policy.
 */
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import { Permission } from '@backstage/plugin-permission-common';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  platformHealthReadPermission,
  platformHealthRefreshPermission,
  platformRequestReadPermission,
  platformSecretCreatePermission,
} from '@internal/plugin-platform-common';
import {
  actionsButPlatformActions,
  Effect,
  entitiesButPlatformTeamTemplates,
  ownAndTeamRequests,
  ownEntities,
  ownTasks,
  templateOwnersOnly,
  templatePartsButPlatformTeamOnly,
} from './effects';

/** The roles the table has columns for. */
export type Role = 'platformTeam' | 'signedIn';

/** One row: a permission and each role's effect. */
export interface PolicyRow {
  permission: Pick<Permission, 'name'>;
  platformTeam: Effect;
  signedIn: Effect;
}

// prettier-ignore
export const POLICY_TABLE: PolicyRow[] = [
  // Catalog
  { permission: catalogEntityReadPermission,      platformTeam: 'allow', signedIn: entitiesButPlatformTeamTemplates },
  { permission: catalogEntityRefreshPermission,   platformTeam: 'allow', signedIn: ownEntities },
  { permission: catalogEntityDeletePermission,    platformTeam: 'allow', signedIn: ownEntities },
  { permission: catalogEntityValidatePermission,  platformTeam: 'allow', signedIn: 'allow' },
  { permission: catalogLocationReadPermission,    platformTeam: 'allow', signedIn: 'allow' },
  // Registering and removing locations: entities arrive through the repository.
  { permission: catalogEntityCreatePermission,    platformTeam: 'allow', signedIn: 'deny' },
  { permission: catalogLocationCreatePermission,  platformTeam: 'allow', signedIn: 'deny' },
  { permission: catalogLocationAnalyzePermission, platformTeam: 'allow', signedIn: 'deny' },
  { permission: catalogLocationDeletePermission,  platformTeam: 'allow', signedIn: 'deny' },

  // Scaffolder. task.create is basic, so platform-team-only templates are stopped by
  // the rows that hide them, their tagged parameters and steps, and the platform actions.
  { permission: taskCreatePermission,             platformTeam: 'allow', signedIn: 'allow' },
  { permission: templateParameterReadPermission,  platformTeam: 'allow', signedIn: templatePartsButPlatformTeamOnly },
  { permission: templateStepReadPermission,       platformTeam: 'allow', signedIn: templatePartsButPlatformTeamOnly },
  { permission: actionExecutePermission,          platformTeam: 'allow', signedIn: actionsButPlatformActions },
  { permission: taskReadPermission,               platformTeam: 'allow', signedIn: ownTasks },
  { permission: taskCancelPermission,             platformTeam: 'allow', signedIn: ownTasks },
  { permission: templateDryRunPermission,         platformTeam: 'allow', signedIn: templateOwnersOnly },
  { permission: templateManagementPermission,     platformTeam: 'allow', signedIn: 'deny' },

  // Platform
  { permission: platformHealthReadPermission,     platformTeam: 'allow', signedIn: 'allow' },
  { permission: platformHealthRefreshPermission,  platformTeam: 'allow', signedIn: 'deny' },
  { permission: platformSecretCreatePermission,   platformTeam: 'allow', signedIn: ownEntities },
  { permission: platformRequestReadPermission,    platformTeam: 'allow', signedIn: ownAndTeamRequests },
];

/** The table by permission name; throws on a permission listed twice. */
export function indexPolicyTable(rows: PolicyRow[]): Map<string, PolicyRow> {
  const byName = new Map<string, PolicyRow>();
  for (const row of rows) {
    if (byName.has(row.permission.name)) {
      throw new Error(
        `Policy table: ${row.permission.name} has more than one row`,
      );
    }
    byName.set(row.permission.name, row);
  }
  return byName;
}
