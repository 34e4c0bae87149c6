/*
 * What a row of the policy table can say: allow, deny, or a condition built for the
 * user asking. Conditions are evaluated by the plugin that owns the resource
 * (catalog, scaffolder), so a list of entities or tasks is filtered in the database.
 */
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createScaffolderActionConditionalDecision,
  createScaffolderTaskConditionalDecision,
  createScaffolderTemplateConditionalDecision,
  scaffolderActionConditions,
  scaffolderTaskConditions,
  scaffolderTemplateConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  createRequestConditionalDecision,
  requestConditions,
} from '@internal/plugin-platform-backend';
import { PLATFORM_REQUEST_RESOURCE_TYPE } from '@internal/plugin-platform-common';
import {
  PLATFORM_SPOKE_ACTION_IDS,
  PLATFORM_TEAM_ONLY_TAG,
} from '@internal/plugin-scaffolder-backend-module-platform';

/** The signed-in user a decision is made for. */
export interface Subject {
  userEntityRef: string;
  /** The user's own ref and their groups' refs. */
  ownershipEntityRefs: string[];
  /** Whether the user owns at least one Template entity (asked lazily). */
  ownsATemplate(): Promise<boolean>;
}

/** A decision that depends on the user or the resource. */
export type Condition = (
  permission: Permission,
  subject: Subject,
) => PolicyDecision | Promise<PolicyDecision>;

/** One cell of the table. */
export type Effect = 'allow' | 'deny' | Condition;

export const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
export const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

function expectResource<T extends string>(
  permission: Permission,
  resourceType: T,
): ResourcePermission<T> {
  if (!isResourcePermission(permission, resourceType)) {
    throw new Error(
      `Policy table: ${permission.name} is not a ${resourceType} permission`,
    );
  }
  return permission as ResourcePermission<T>;
}

/** Catalog entities the user or one of their groups owns. */
export const ownEntities: Condition = (permission, subject) =>
  createCatalogConditionalDecision(
    expectResource(permission, 'catalog-entity'),
    catalogConditions.isEntityOwner({ claims: subject.ownershipEntityRefs }),
  );

/** Every entity except templates tagged platform-team-only (hidden from Create). */
export const entitiesButPlatformTeamTemplates: Condition = permission =>
  createCatalogConditionalDecision(
    expectResource(permission, 'catalog-entity'),
    {
      not: {
        allOf: [
          catalogConditions.isEntityKind({ kinds: ['Template'] }),
          catalogConditions.hasMetadata({
            key: 'tags',
            value: PLATFORM_TEAM_ONLY_TAG,
          }),
        ],
      },
    },
  );

/** Template parameters and steps except those tagged platform-team-only. */
export const templatePartsButPlatformTeamOnly: Condition = permission =>
  createScaffolderTemplateConditionalDecision(
    expectResource(permission, 'scaffolder-template'),
    {
      not: scaffolderTemplateConditions.hasTag({ tag: PLATFORM_TEAM_ONLY_TAG }),
    },
  );

/** Every scaffolder action except the platform's spoke actions (New environment). */
export const actionsButPlatformActions: Condition = permission => {
  const [first, ...rest] = PLATFORM_SPOKE_ACTION_IDS.map(actionId =>
    scaffolderActionConditions.hasActionId({ actionId }),
  );
  return createScaffolderActionConditionalDecision(
    expectResource(permission, 'scaffolder-action'),
    { not: { anyOf: [first, ...rest] } },
  );
};

/** Scaffolder tasks the user started. */
export const ownTasks: Condition = (permission, subject) =>
  createScaffolderTaskConditionalDecision(
    expectResource(permission, 'scaffolder-task'),
    scaffolderTaskConditions.isTaskOwner({
      createdBy: [subject.userEntityRef],
    }),
  );

/**
 * Template authors: users who own a Template. A dry run posts the template itself,
 * so the permission is basic and the question is about the user, not a resource.
 */
export const templateOwnersOnly: Condition = async (_permission, subject) =>
  (await subject.ownsATemplate()) ? ALLOW : DENY;

/** Requests a person made, or that create something one of their groups will own. */
export const ownAndTeamRequests: Condition = (permission, subject) =>
  createRequestConditionalDecision(
    expectResource(permission, PLATFORM_REQUEST_RESOURCE_TYPE),
    {
      anyOf: [
        requestConditions.isRequester({ refs: [subject.userEntityRef] }),
        requestConditions.isOwnedBy({ refs: subject.ownershipEntityRefs }),
      ],
    },
  );
