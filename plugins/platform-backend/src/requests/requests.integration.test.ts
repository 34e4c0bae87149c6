import {
  createBackendPlugin,
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  EventsService,
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fixtures } from '@internal/plugin-platform-common';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { testConfig, writeRegistry } from '../__testUtils__/awsLocal';
import { API, GithubFake } from '../__testUtils__/githubFake';
import { platformPlugin } from '../plugin';

jest.setTimeout(60_000);

/**
 * The plugin as the backend runs it: the scaffolder records a request over HTTP, a
 * webhook arrives through the events system, people read what they may.
 */

const github = new GithubFake();
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => server.close());

const registryDir = writeRegistry(fixtures.files());

const OWNERSHIP: Record<string, string[]> = {
  'user:default/ana': ['user:default/ana', 'group:default/team-a'],
  'user:default/bo': ['user:default/bo', 'group:default/team-a'],
  'user:default/cy': ['user:default/cy', 'group:default/team-b'],
  'user:default/pat': ['user:default/pat', 'group:default/platform-team'],
};

const scaffolder = () =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('plugin:scaffolder'),
    targetPluginId: 'platform',
  });

describe('request tracking in the platform plugin', () => {
  let events: EventsService | undefined;
  let sent: NotificationSendOptions[];

  const eventsProbe = createBackendPlugin({
    pluginId: 'probe',
    register(env) {
      env.registerInit({
        deps: { events: eventsServiceRef },
        async init(deps) {
          events = deps.events;
        },
      });
    },
  });

  beforeEach(() => {
    sent = [];
    github.pulls.clear();
    github.checkRuns = [];
    github.calls = [];
    server.resetHandlers(...github.handlers());
    github.openPull(12);
  });

  async function backend(
    policy:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    return startTestBackend({
      features: [
        platformPlugin,
        eventsProbe,
        // The real in-process events bus (the test backend's default drops events).
        eventsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            ...testConfig(registryDir),
            app: { baseUrl: 'http://portal.test' },
            events: { useEventBus: 'never' },
            integrations: {
              github: [
                { host: 'github.com', apiBaseUrl: API, token: 'test-token' },
              ],
            },
          },
        }),
        catalogServiceMock.factory({ entities: [] }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.permissions.factory({ result: policy }),
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            async getUserInfo(credentials: any) {
              const ref = credentials.principal.userEntityRef;
              return {
                userEntityRef: ref,
                ownershipEntityRefs: OWNERSHIP[ref] ?? [ref],
              };
            },
          }),
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (n: NotificationSendOptions) => void sent.push(n),
          }),
        }),
      ],
    });
  }

  async function track(srv: any, body: object) {
    return request(srv)
      .post('/api/platform/requests')
      .set('authorization', scaffolder())
      .send({
        pullRequestUrl: 'https://github.com/acme/platform/pull/12',
        entityRef: 'system:default/qa',
        requester: 'user:default/ana',
        owner: 'group:default/team-a',
        taskId: 'task-1',
        template: 'template:default/new-environment',
        ...body,
      });
  }

  it('records a request from the scaffolder only, and reads it from GitHub at once', async () => {
    const b = await backend();
    const created = await track(b.server, {});
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      stage: 'open',
      repository: 'acme/platform',
      number: 12,
      entityKind: 'System',
      title: 'platform: add spoke qa (nonprod)',
      pullRequestUrl: 'https://github.com/acme/platform/pull/12',
    });
    expect(sent[0].payload).toMatchObject({
      topic: 'platform-request',
      link: `http://portal.test/requests/${created.body.id}`,
    });

    const asUser = await request(b.server)
      .post('/api/platform/requests')
      .set('authorization', mockCredentials.user.header('user:default/ana'))
      .send({});
    expect(asUser.status).toBe(403);
    const otherService = await request(b.server)
      .post('/api/platform/requests')
      .set(
        'authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:catalog'),
          targetPluginId: 'platform',
        }),
      )
      .send({});
    expect(otherService.status).toBe(403);

    const bad = await track(b.server, {
      pullRequestUrl: 'https://github.com/acme/platform/issues/12',
      entityRef: 'resource:default/qa-eks',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body parameter pullRequestUrl');
    expect(bad.body.error.message).toContain('body parameter entityRef');

    const unknownHost = await track(b.server, {
      pullRequestUrl: 'https://git.example.com/acme/platform/pull/12',
    });
    expect(unknownHost.status).toBe(400);
    expect(unknownHost.body.error.message).toBe(
      'Invalid body parameter pullRequestUrl: no integrations.github entry for host git.example.com',
    );
    await b.stop();
  });

  it('shows requests to the requester, the owning team and the platform team only', async () => {
    const b = await backend();
    const { body: mine } = await track(b.server, {});
    github.openPull(13);
    await track(b.server, {
      pullRequestUrl: 'https://github.com/acme/platform/pull/13',
      entityRef: 'component:default/orders',
      requester: 'user:default/cy',
      owner: 'group:default/team-b',
    });
    const list = async (user: string, query = '') =>
      (
        await request(b.server)
          .get(`/api/platform/requests${query}`)
          .set('authorization', mockCredentials.user.header(user))
      ).body.items.map((r: any) => r.number);

    expect(await list('user:default/ana')).toEqual([12]);
    expect(await list('user:default/bo')).toEqual([12]);
    expect(await list('user:default/bo', '?scope=mine')).toEqual([]);
    expect(await list('user:default/bo', '?scope=team')).toEqual([12]);
    expect(await list('user:default/cy')).toEqual([13]);
    expect((await list('user:default/pat')).sort()).toEqual([12, 13]);
    expect(
      await list(
        'user:default/pat',
        '?entityRef=component:default/orders&open=true',
      ),
    ).toEqual([13]);

    const detail = await request(b.server)
      .get(`/api/platform/requests/${mine.id}`)
      .set('authorization', mockCredentials.user.header('user:default/bo'));
    expect(detail.status).toBe(200);
    expect(detail.body.timeline.map((s: any) => s.id)).toEqual([
      'opened',
      'checks',
      'reviews',
      'merged',
    ]);
    const hidden = await request(b.server)
      .get(`/api/platform/requests/${mine.id}`)
      .set('authorization', mockCredentials.user.header('user:default/cy'));
    expect(hidden.status).toBe(404);

    const badQuery = await request(b.server)
      .get('/api/platform/requests?scope=everyone')
      .set('authorization', mockCredentials.user.header('user:default/ana'));
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toBe(
      'Invalid query parameter scope: must be one of mine, team, all',
    );
    await b.stop();
  });

  it('answers 403 when the policy denies platform.request.read', async () => {
    const b = await backend(AuthorizeResult.DENY);
    const res = await request(b.server)
      .get('/api/platform/requests')
      .set('authorization', mockCredentials.user.header('user:default/pat'));
    expect(res.status).toBe(403);
    await b.stop();
  });

  it('applies a GitHub webhook published on the events system at once', async () => {
    const b = await backend();
    const { body } = await track(b.server, {});
    github.review(12, 'cy', 'APPROVED', '2026-12-01T11:00:00Z');
    await events!.publish({
      topic: 'github.pull_request_review',
      eventPayload: {
        action: 'submitted',
        repository: {
          full_name: 'acme/platform',
          html_url: 'https://github.com/acme/platform',
        },
        pull_request: { number: 12 },
      },
    });
    const detail = await request(b.server)
      .get(`/api/platform/requests/${body.id}`)
      .set('authorization', mockCredentials.user.header('user:default/ana'));
    expect(detail.body.stage).toBe('approved');
    await b.stop();
  });
});
