import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  createPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  platformHealthReadPermission,
  platformHealthRefreshPermission,
  platformSecretCreatePermission,
  platformRequestReadPermission,
} from '@internal/plugin-platform-common';
import { PlatformPermissionPolicy } from './PlatformPermissionPolicy';
import { POLICY_TABLE } from './rules';

const ANA = 'user:default/ana'; // platform team
const CITRA = 'user:default/citra'; // payments team
const DEWI = 'user:default/dewi'; // no team

const people: Record<string, string[]> = {
  [ANA]: [ANA, 'group:default/platform-team'],
  [CITRA]: [CITRA, 'group:default/payments-team'],
  [DEWI]: [DEWI],
  'user:development/guest': ['user:development/guest'],
};
// Who owns a Template in the catalog of these tests.
const templateOwners = new Set(['group:default/payments-team']);

function policy(config: object = {}) {
  return PlatformPermissionPolicy.create({
    config: new ConfigReader(config),
    userInfo: {
      async getUserInfo(credentials: any) {
        const userEntityRef = credentials.principal.userEntityRef;
        return { userEntityRef, ownershipEntityRefs: people[userEntityRef] };
      },
    },
    templateOwnership: async refs => refs.some(r => templateOwners.has(r)),
  });
}

function asUser(ref: string) {
  return { credentials: mockCredentials.user(ref), info: {} as any };
}

function decide(permission: Permission, user: string, config?: object) {
  return policy(config).handle({ permission }, asUser(user));
}

const entity = (kind: string, owner: string, tags: string[] = []): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'e', namespace: 'default', tags },
  spec: { owner },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

const catalogAuthorizer = createConditionAuthorizer(
  Object.values(permissionRules),
);

describe('PlatformPermissionPolicy', () => {
  it('allows the platform team every permission in the table', async () => {
    for (const row of POLICY_TABLE) {
      await expect(decide(row.permission as Permission, ANA)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('denies a permission that has no row, even to the platform team', async () => {
    const unknown = createPermission({
      name: 'devtools.config.read',
      attributes: {},
    });
    await expect(decide(unknown, ANA)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    await expect(decide(unknown, DEWI)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('denies a request without a user', async () => {
    await expect(
      policy().handle({ permission: platformHealthReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets everyone read spoke health, and only the platform team refresh it', async () => {
    await expect(decide(platformHealthReadPermission, DEWI)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(
      decide(platformHealthRefreshPermission, CITRA),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets others start tasks but not manage templates or register locations', async () => {
    await expect(decide(taskCreatePermission, DEWI)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    for (const permission of [
      templateManagementPermission,
      catalogLocationCreatePermission,
    ]) {
      await expect(decide(permission, CITRA)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it('lets owners refresh, unregister and create secrets for their own entities only', async () => {
    for (const permission of [
      catalogEntityRefreshPermission,
      catalogEntityDeletePermission,
      platformSecretCreatePermission,
    ]) {
      const decision = await decide(permission, CITRA);
      expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
      expect(
        catalogAuthorizer(
          decision,
          entity('Component', 'group:default/payments-team'),
        ),
      ).toBe(true);
      expect(
        catalogAuthorizer(
          decision,
          entity('Component', 'group:default/platform-team'),
        ),
      ).toBe(false);
    }
  });

  it('lets people read their own requests and those for what their groups will own', async () => {
    await expect(decide(platformRequestReadPermission, ANA)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(decide(platformRequestReadPermission, CITRA)).resolves.toEqual(
      {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'platform',
        resourceType: 'platform-request',
        conditions: {
          anyOf: [
            {
              rule: 'IS_REQUESTER',
              resourceType: 'platform-request',
              params: { refs: [CITRA] },
            },
            {
              rule: 'IS_OWNED_BY',
              resourceType: 'platform-request',
              params: { refs: people[CITRA] },
            },
          ],
        },
      },
    );
  });

  it('hides platform-team-only templates from others in the catalog, and nothing else', async () => {
    const decision = await decide(catalogEntityReadPermission, DEWI);
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    const template = (tags: string[]) => ({
      ...entity('Template', 'group:default/platform-team', tags),
      apiVersion: 'scaffolder.backstage.io/v1beta3',
    });
    expect(
      catalogAuthorizer(decision, template(['platform', 'platform-team-only'])),
    ).toBe(false);
    expect(catalogAuthorizer(decision, template(['platform']))).toBe(true);
    expect(
      catalogAuthorizer(
        decision,
        entity('Component', 'group:default/x', ['platform-team-only']),
      ),
    ).toBe(true);
  });

  it('drops the tagged steps of a template from what others may read', async () => {
    await expect(decide(templateStepReadPermission, CITRA)).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-template',
      conditions: {
        not: {
          rule: 'HAS_TAG',
          resourceType: 'scaffolder-template',
          params: { tag: 'platform-team-only' },
        },
      },
    });
  });

  it("does not let others execute the platform's spoke actions", async () => {
    const decision = (await decide(
      actionExecutePermission,
      CITRA,
    )) as PolicyDecision & {
      conditions: any;
    };
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(
      decision.conditions.not.anyOf.map((c: any) => c.params.actionId),
    ).toEqual([
      'platform:spoke:validate',
      'platform:spoke:render',
      'platform:spoke:diff',
    ]);
  });

  it('lets others read and cancel only the tasks they started', async () => {
    for (const permission of [taskReadPermission, taskCancelPermission]) {
      await expect(decide(permission, CITRA)).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-task',
        conditions: {
          rule: 'IS_TASK_OWNER',
          resourceType: 'scaffolder-task',
          params: { createdBy: [CITRA] },
        },
      });
    }
  });

  it('lets template owners dry-run templates, and nobody else outside the platform team', async () => {
    await expect(decide(templateDryRunPermission, CITRA)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(decide(templateDryRunPermission, DEWI)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('treats the local guest as an outsider unless the config lists it', async () => {
    const guest = 'user:development/guest';
    await expect(
      decide(platformHealthRefreshPermission, guest),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      decide(platformHealthRefreshPermission, guest, {
        platform: {
          permissions: {
            platformTeam: ['group:default/platform-team', guest],
          },
        },
      }),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('refuses a table that lists a permission twice', () => {
    expect(() =>
      PlatformPermissionPolicy.create({
        config: new ConfigReader({}),
        userInfo: { getUserInfo: jest.fn() },
        templateOwnership: async () => false,
        rows: [POLICY_TABLE[0], POLICY_TABLE[0]],
      }),
    ).toThrow('catalog.entity.read has more than one row');
  });

  it('fails on a malformed team entry, naming the key', () => {
    expect(() =>
      policy({
        platform: { permissions: { platformTeam: ['platform-team'] } },
      }),
    ).toThrow('platform.permissions.platformTeam[0]');
  });
});
