import type { UserInfoService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createScaffolderActionConditionalDecision,
  createScaffolderTemplateConditionalDecision,
  scaffolderActionConditions,
  scaffolderTemplateConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  isPlatformTeamMember,
  PLATFORM_SPOKE_ACTION_IDS,
  PLATFORM_TEAM_ONLY_TAG,
  readPlatformTeam,
} from '@internal/plugin-scaffolder-backend-module-platform';
import {
  platformHealthReadPermission,
  platformHealthRefreshPermission,
} from '@internal/plugin-platform-common';

/** Spoke health permissions, as platform-common defines them. */
export const PLATFORM_HEALTH_READ = platformHealthReadPermission.name;
export const PLATFORM_HEALTH_REFRESH = platformHealthRefreshPermission.name;

/** `platform.secret.create` (plugins/platform-common). */
const PLATFORM_SECRET_CREATE = 'platform.secret.create';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * The portal's permission policy.
 *
 * - The platform team (`platform.permissions.platformTeam`, default
 *   `group:default/platform-team`) may do everything.
 * - Everyone else may not run templates tagged `platform-team-only`. The scaffolder
 *   cannot condition task creation on the template, so three layers stop it: such
 *   templates are not readable in the catalog (hidden from Create, and a task
 *   cannot be started from them); their parameters and steps carrying the tag are
 *   not readable (the scaffolder drops them from a task); and the platform's own
 *   actions may not execute. The actions check membership once more themselves.
 * - Everyone may read spoke health; only the platform team may refresh it.
 * - Everything else is allowed, as before this policy.
 *
 * Requests without a user (backend plugins acting as themselves) are allowed.
 */
export class PlatformPermissionPolicy implements PermissionPolicy {
  private constructor(
    private readonly platformTeam: string[],
    private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>,
  ) {}

  static create(options: {
    config: Config;
    userInfo: Pick<UserInfoService, 'getUserInfo'>;
  }): PlatformPermissionPolicy {
    return new PlatformPermissionPolicy(
      readPlatformTeam(options.config),
      options.userInfo,
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) return ALLOW;
    const { userEntityRef, ownershipEntityRefs } =
      await this.userInfo.getUserInfo(user.credentials);
    if (
      isPlatformTeamMember(
        [userEntityRef, ...ownershipEntityRefs],
        this.platformTeam,
      )
    ) {
      return ALLOW;
    }
    return this.forOthers(request, ownershipEntityRefs);
  }

  private forOthers(
    { permission }: PolicyQuery,
    ownershipEntityRefs: string[],
  ): PolicyDecision {
    // Runbook secrets: only the service's owners (and the platform team, above).
    if (
      isResourcePermission(permission, 'catalog-entity') &&
      permission.name === PLATFORM_SECRET_CREATE
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    if (permission.name === PLATFORM_HEALTH_REFRESH) return DENY;
    if (permission.name === PLATFORM_HEALTH_READ) return ALLOW;

    if (
      isResourcePermission(permission, 'catalog-entity') &&
      permission.name === 'catalog.entity.read'
    ) {
      return createCatalogConditionalDecision(permission, {
        not: {
          allOf: [
            catalogConditions.isEntityKind({ kinds: ['Template'] }),
            catalogConditions.hasMetadata({
              key: 'tags',
              value: PLATFORM_TEAM_ONLY_TAG,
            }),
          ],
        },
      });
    }
    // scaffolder.template.parameter.read and scaffolder.template.step.read
    if (isResourcePermission(permission, 'scaffolder-template')) {
      return createScaffolderTemplateConditionalDecision(permission, {
        not: scaffolderTemplateConditions.hasTag({
          tag: PLATFORM_TEAM_ONLY_TAG,
        }),
      });
    }
    // scaffolder.action.execute
    if (isResourcePermission(permission, 'scaffolder-action')) {
      const [first, ...rest] = PLATFORM_SPOKE_ACTION_IDS.map(actionId =>
        scaffolderActionConditions.hasActionId({ actionId }),
      );
      return createScaffolderActionConditionalDecision(permission, {
        not: { anyOf: [first, ...rest] },
      });
    }
    return ALLOW;
  }
}
