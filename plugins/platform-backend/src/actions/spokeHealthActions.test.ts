import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  fixtures,
  healthFixtures,
  SpokeHealth,
} from '@internal/plugin-platform-common';
import { Knex } from 'knex';
import request from 'supertest';
import { testConfig, writeRegistry } from '../__testUtils__/awsLocal';
import { DatabaseHealthStore } from '../db/HealthStore';
import { platformPlugin } from '../plugin';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const ACTIONS = '/api/platform/.backstage/actions/v1/actions';
const invokeUrl = (name: string) =>
  `${ACTIONS}/${encodeURIComponent(`platform:${name}`)}/invoke`;

describe('spoke health actions', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });
  const registryDir = writeRegistry(fixtures.files());
  let knex: Knex;
  // The stale age is 15 min (three 5 min schedules): dev was checked a minute ago,
  // staging an hour ago, so the flags do not depend on when the test runs.
  let refreshedAt: { dev: string; staging: string };
  let runFinishedAt: Date;

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    const store = await DatabaseHealthStore.create({
      database: mockServices.database({ knex }),
    });
    const started = Date.now();
    refreshedAt = {
      dev: new Date(started - MINUTE).toISOString(),
      staging: new Date(started - 60 * MINUTE).toISOString(),
    };
    const snapshots: SpokeHealth[] = [
      { ...healthFixtures.healthy('dev'), refreshedAt: refreshedAt.dev },
      {
        ...healthFixtures.degraded('staging'),
        refreshedAt: refreshedAt.staging,
      },
    ];
    runFinishedAt = new Date(started - MINUTE);
    await store.saveRefresh({
      trigger: 'schedule',
      startedAt: new Date(started - 2 * MINUTE),
      finishedAt: runFinishedAt,
      calls: 30,
      failedCalls: 1,
      snapshots,
      complete: true,
    });
  });

  async function backend(options: { deny?: boolean } = {}) {
    return startTestBackend({
      features: [
        platformPlugin,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            ...testConfig(registryDir),
            backend: { actions: { pluginSources: ['platform'] } },
          },
        }),
        catalogServiceMock.factory({ entities: [] }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        ...(options.deny
          ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
          : []),
      ],
    });
  }

  const user = mockCredentials.user.header('user:default/ana');

  it('registers both actions as read-only and idempotent', async () => {
    const b = await backend();
    const { server } = b;
    const res = await request(server).get(ACTIONS).set('authorization', user);
    expect(res.status).toBe(200);
    expect(
      res.body.actions.map((a: any) => [a.id, a.attributes, a.title]),
    ).toEqual([
      [
        'platform:list-spokes',
        { readOnly: true, idempotent: true, destructive: false },
        'List spokes and their health',
      ],
      [
        'platform:get-spoke-health',
        { readOnly: true, idempotent: true, destructive: false },
        'Get the health of one spoke',
      ],
    ]);
    const get = res.body.actions[1];
    expect(get.schema.input.required).toEqual(['name']);
    await b.stop();
  });

  it('lists the spokes from the store with their roll-up and no account id', async () => {
    const b = await backend();
    const { server } = b;
    const res = await request(server)
      .post(invokeUrl('list-spokes'))
      .set('authorization', user)
      .send({});
    expect(res.status).toBe(200);
    const { spokes, lastRefresh, staleAfterSeconds } = res.body.output;
    expect(staleAfterSeconds).toBe(900);
    expect(lastRefresh).toBe(runFinishedAt.toISOString());
    expect(spokes).toEqual([
      {
        name: 'dev',
        environmentClass: 'non-prod',
        region: 'ap-southeast-3',
        status: 'ok',
        summary: expect.any(String),
        lastRefreshed: refreshedAt.dev,
        stale: false,
        components: [
          { component: 'eks', status: 'ok', summary: expect.any(String) },
          {
            component: 'tgw-attachment',
            status: 'ok',
            summary: expect.any(String),
          },
          { component: 'aurora', status: 'ok', summary: expect.any(String) },
          { component: 'drift', status: 'ok', summary: expect.any(String) },
        ],
      },
      expect.objectContaining({
        name: 'staging',
        status: 'critical',
        lastRefreshed: refreshedAt.staging,
        stale: true,
      }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain('accountId');
    expect(JSON.stringify(res.body)).not.toContain('222233334444');
    await b.stop();
  });

  it('gives one spoke with every check, its status and the reason', async () => {
    const b = await backend();
    const { server } = b;
    const res = await request(server)
      .post(invokeUrl('get-spoke-health'))
      .set('authorization', user)
      .send({ name: 'staging' });
    expect(res.status).toBe(200);
    const output = res.body.output;
    expect(output).toMatchObject({
      name: 'staging',
      environmentClass: 'non-prod',
      region: 'ap-southeast-3',
      status: 'critical',
      lastRefreshed: refreshedAt.staging,
      stale: true,
    });
    expect(output).not.toHaveProperty('accountId');
    const checks = output.components.flatMap((c: any) =>
      c.checks.map((check: any) => [c.component, check.id, check.status]),
    );
    expect(checks).toEqual([
      ['eks', 'eks.cluster-status', 'ok'],
      ['eks', 'eks.nodegroup:system', 'ok'],
      ['tgw-attachment', 'tgw.route', 'critical'],
      ['aurora', 'aurora.cluster-status', 'unknown'],
      ['drift', 'drift.eks-version', 'ok'],
    ]);
    const route = output.components[1].checks[0];
    expect(route).toEqual({
      id: 'tgw.route',
      title: 'Route to the spoke CIDR',
      status: 'critical',
      reason:
        'Route to 10.2.0.0/16 in tgw-rtb-0a1b2c3d4e5f60001 is a blackhole',
    });
    await b.stop();
  });

  it('answers an unknown spoke with a NotFound naming it, and a bad name naming the field', async () => {
    const b = await backend();
    const { server } = b;
    const unknown = await request(server)
      .post(invokeUrl('get-spoke-health'))
      .set('authorization', user)
      .send({ name: 'ghost' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining('Unknown spoke ghost'),
    });

    const invalid = await request(server)
      .post(invokeUrl('get-spoke-health'))
      .set('authorization', user)
      .send({ name: 'Staging!' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.name).toBe('InputError');
    expect(invalid.body.error.message).toMatch(
      /^Invalid input name: must be a spoke name: a DNS label .* got "Staging!"$/,
    );
    await b.stop();
  });

  it('refuses both actions when the policy denies platform.health.read', async () => {
    const b = await backend({ deny: true });
    const { server } = b;
    for (const [name, input] of [
      ['list-spokes', {}],
      ['get-spoke-health', { name: 'staging' }],
    ] as const) {
      const res = await request(server)
        .post(invokeUrl(name))
        .set('authorization', user)
        .send(input);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: 'Not allowed: platform.health.read',
      });
    }
    await b.stop();
  });
});
