import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  createPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { PlatformPermissionPolicy } from './PlatformPermissionPolicy';

const people: Record<string, string[]> = {
  'user:default/ana': ['user:default/ana', 'group:default/platform-team'],
  'user:default/citra': ['user:default/citra', 'group:default/payments-team'],
  'user:development/guest': ['user:development/guest'],
};

function policy(config: object = {}) {
  return PlatformPermissionPolicy.create({
    config: new ConfigReader(config),
    userInfo: {
      async getUserInfo(credentials: any) {
        const userEntityRef = credentials.principal.userEntityRef;
        return { userEntityRef, ownershipEntityRefs: people[userEntityRef] };
      },
    },
  });
}

function asUser(ref: string) {
  return { credentials: mockCredentials.user(ref), info: {} as any };
}

const catalogRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const taskCreate = createPermission({
  name: 'scaffolder.task.create',
  attributes: { action: 'create' },
});
const stepRead = createPermission({
  name: 'scaffolder.template.step.read',
  attributes: { action: 'read' },
  resourceType: 'scaffolder-template',
});
const parameterRead = createPermission({
  name: 'scaffolder.template.parameter.read',
  attributes: { action: 'read' },
  resourceType: 'scaffolder-template',
});
const actionExecute = createPermission({
  name: 'scaffolder.action.execute',
  attributes: {},
  resourceType: 'scaffolder-action',
});
const healthRead = createPermission({
  name: 'platform.health.read',
  attributes: { action: 'read' },
});
const healthRefresh = createPermission({
  name: 'platform.health.refresh',
  attributes: { action: 'update' },
});

const template = (tags: string[]): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 't', namespace: 'default', tags },
  spec: {},
});

const catalogAuthorizer = createConditionAuthorizer(
  Object.values(permissionRules),
);

describe('PlatformPermissionPolicy', () => {
  it('allows the platform team everything, health refresh included', async () => {
    for (const permission of [
      catalogRead,
      taskCreate,
      stepRead,
      actionExecute,
      healthRefresh,
    ]) {
      await expect(
        policy().handle({ permission }, asUser('user:default/ana')),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('lets others read spoke health but not refresh it', async () => {
    const citra = asUser('user:default/citra');
    await expect(
      policy().handle({ permission: healthRead }, citra),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy().handle({ permission: healthRefresh }, citra),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it("lets others create a service's runbook secrets only when they own the service", async () => {
    const secretCreate = createPermission({
      name: 'platform.secret.create',
      attributes: { action: 'create' },
      resourceType: 'catalog-entity',
    });
    const decision = await policy().handle(
      { permission: secretCreate },
      asUser('user:default/citra'),
    );
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    const service = (owner: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'phl-store' },
      spec: { owner },
      relations: [{ type: 'ownedBy', targetRef: owner }],
    });
    expect(
      catalogAuthorizer(decision, service('group:default/payments-team')),
    ).toBe(true);
    expect(
      catalogAuthorizer(decision, service('group:default/storefront-team')),
    ).toBe(false);
  });

  it('hides platform-team-only templates from others in the catalog, and nothing else', async () => {
    const decision = await policy().handle(
      { permission: catalogRead },
      asUser('user:default/citra'),
    );
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(
      catalogAuthorizer(decision, template(['platform', 'platform-team-only'])),
    ).toBe(false);
    expect(catalogAuthorizer(decision, template(['platform']))).toBe(true);
    expect(
      catalogAuthorizer(decision, {
        ...template(['platform-team-only']),
        kind: 'Component',
        apiVersion: 'backstage.io/v1alpha1',
      }),
    ).toBe(true);
  });

  it('drops the tagged parameters and steps of a template from what others may read', async () => {
    for (const permission of [stepRead, parameterRead]) {
      const decision = (await policy().handle(
        { permission },
        asUser('user:default/citra'),
      )) as PolicyDecision & { conditions: unknown };
      expect(decision).toEqual({
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
    }
  });

  it("does not let others execute the platform's spoke actions", async () => {
    const decision = await policy().handle(
      { permission: actionExecute },
      asUser('user:default/citra'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-action',
      conditions: {
        not: {
          anyOf: [
            'platform:spoke:validate',
            'platform:spoke:render',
            'platform:spoke:diff',
          ].map(actionId => ({
            rule: 'HAS_ACTION_ID',
            resourceType: 'scaffolder-action',
            params: { actionId },
          })),
        },
      },
    });
  });

  it('allows others everything else, such as creating tasks from other templates', async () => {
    await expect(
      policy().handle({ permission: taskCreate }, asUser('user:default/citra')),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('treats the local guest as an outsider unless the config lists it', async () => {
    const guest = asUser('user:development/guest');
    await expect(
      policy().handle({ permission: healthRefresh }, guest),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policy({
        platform: {
          permissions: {
            platformTeam: [
              'group:default/platform-team',
              'user:development/guest',
            ],
          },
        },
      }).handle({ permission: healthRefresh }, guest),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('allows backend plugins acting as themselves', async () => {
    await expect(policy().handle({ permission: catalogRead })).resolves.toEqual(
      { result: AuthorizeResult.ALLOW },
    );
  });

  it('fails on a malformed team entry, naming the key', () => {
    expect(() =>
      policy({
        platform: { permissions: { platformTeam: ['platform-team'] } },
      }),
    ).toThrow('platform.permissions.platformTeam[0]');
  });
});
