import type {
  AuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { PolicyDecision } from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  isPlatformTeamMember,
  readPlatformTeam,
} from '@internal/plugin-scaffolder-backend-module-platform';
import { ALLOW, DENY, Effect, Subject } from './effects';
import { indexPolicyTable, POLICY_TABLE, PolicyRow, Role } from './rules';

/** Answers whether a user owns a Template; the catalog in production. */
export type TemplateOwnership = (
  ownershipEntityRefs: string[],
) => Promise<boolean>;

/** Template ownership from the catalog, asked with the policy's own credentials. */
export function catalogTemplateOwnership(deps: {
  catalog: Pick<CatalogService, 'queryEntities'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
}): TemplateOwnership {
  return async refs => {
    if (!refs.length) return false;
    const { items } = await deps.catalog.queryEntities(
      {
        filter: { kind: 'template', 'relations.ownedBy': refs },
        fields: ['metadata.name'],
        limit: 1,
      },
      { credentials: await deps.auth.getOwnServiceCredentials() },
    );
    return items.length > 0;
  };
}

/**
 * The portal's permission policy: deny by default, decisions from one table
 * (rules.ts). The user's role is the platform team when their ref or one of their
 * groups is listed in `platform.permissions.platformTeam`, else signed-in.
 */
export class PlatformPermissionPolicy implements PermissionPolicy {
  private readonly rows: Map<string, PolicyRow>;

  private constructor(
    private readonly platformTeam: string[],
    private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>,
    private readonly templateOwnership: TemplateOwnership,
    rows: PolicyRow[],
  ) {
    this.rows = indexPolicyTable(rows);
  }

  static create(options: {
    config: Config;
    userInfo: Pick<UserInfoService, 'getUserInfo'>;
    templateOwnership: TemplateOwnership;
    /** The table; POLICY_TABLE unless a test gives another. */
    rows?: PolicyRow[];
  }): PlatformPermissionPolicy {
    return new PlatformPermissionPolicy(
      readPlatformTeam(options.config),
      options.userInfo,
      options.templateOwnership,
      options.rows ?? POLICY_TABLE,
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // Only users reach a policy; anything else asking is refused.
    if (!user) return DENY;
    const row = this.rows.get(request.permission.name);
    if (!row) return DENY;

    const { userEntityRef, ownershipEntityRefs } =
      await this.userInfo.getUserInfo(user.credentials);
    const role: Role = isPlatformTeamMember(
      [userEntityRef, ...ownershipEntityRefs],
      this.platformTeam,
    )
      ? 'platformTeam'
      : 'signedIn';
    const subject: Subject = {
      userEntityRef,
      ownershipEntityRefs,
      ownsATemplate: () => this.templateOwnership(ownershipEntityRefs),
    };
    return decide(row[role], request, subject);
  }
}

async function decide(
  effect: Effect,
  request: PolicyQuery,
  subject: Subject,
): Promise<PolicyDecision> {
  if (effect === 'allow') return ALLOW;
  if (effect === 'deny') return DENY;
  return effect(request.permission, subject);
}
