import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { healthFixtures, SpokeHealth } from '@internal/plugin-platform-common';
import express from 'express';
import request from 'supertest';
import { HealthStore, StoredSummary } from './db/HealthStore';
import { createRouter, RouterOptions } from './router';

const NOW = new Date('2026-11-23T10:10:00Z');

/** An in-memory store: the router's contract, without a database. */
function memoryStore(snapshots: SpokeHealth[]): HealthStore & {
  failWith?: Error;
} {
  const store: HealthStore & { failWith?: Error } = {
    async saveRefresh() {
      throw new Error('not used');
    },
    async listLatest() {
      if (store.failWith) throw store.failWith;
      return snapshots.map(
        (h): StoredSummary => ({
          ...h,
          components: h.components.map(({ checks: _c, ...c }) => c),
        }),
      );
    },
    async getLatest(spoke) {
      if (store.failWith) throw store.failWith;
      return snapshots.find(s => s.spoke === spoke);
    },
    async getHistory(spoke, { since, limit, after }) {
      if (store.failWith) throw store.failWith;
      // Positions are indexes into the spoke's snapshots, newest first.
      const all = snapshots
        .filter(s => s.spoke === spoke)
        .filter(s => !since || Date.parse(s.refreshedAt) >= since.getTime());
      const start = after ? after.id + 1 : 0;
      const page = all.slice(start, start + limit);
      const lastIndex = start + page.length - 1;
      return {
        items: page.map(s => ({
          refreshedAt: s.refreshedAt,
          status: s.status,
          summary: s.summary,
          components: {},
        })),
        next:
          lastIndex < all.length - 1
            ? {
                refreshedAt: Date.parse(all[lastIndex].refreshedAt),
                id: lastIndex,
              }
            : undefined,
      };
    },
    async knows(spoke) {
      return snapshots.some(s => s.spoke === spoke) || spoke === 'retired';
    },
    async changeVersion() {
      if (store.failWith) throw store.failWith;
      return 1;
    },
    async lastRun() {
      return store.lastRefresh();
    },
    async lastRefresh() {
      if (store.failWith) throw store.failWith;
      return {
        id: 7,
        trigger: 'schedule',
        startedAt: '2026-11-23T10:00:00.000Z',
        finishedAt: '2026-11-23T10:00:01.000Z',
        durationMs: 1000,
        spokes: 2,
        calls: 30,
        failedCalls: 0,
      };
    },
    async listRuns() {
      return [];
    },
    async prune() {
      return { history: 0, runs: 0 };
    },
    async downsampleHistory() {
      return { hours: 0, merged: 0, removed: 0 };
    },
  };
  return store;
}

async function app(
  over: Partial<RouterOptions> = {},
  history: SpokeHealth[] = [],
) {
  const dev = healthFixtures.healthy('dev');
  const staging = {
    ...healthFixtures.degraded('staging'),
    refreshedAt: '2026-11-23T09:00:00.000Z',
  };
  const store = memoryStore([dev, staging, ...history]);
  const clock = { now: NOW };
  const requestSpokeRefresh = jest.fn(async (spoke: string) => {
    if (spoke === 'ghost') throw new NotFoundError('No spoke named ghost');
  });
  const triggerRefresh = jest.fn(async () => {});
  const options: RouterOptions = {
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    store,
    requestSpokeRefresh,
    triggerRefresh,
    staleAfterMs: 15 * 60_000,
    databaseTimeoutMs: 200,
    manualRefreshIntervalMs: 30_000,
    now: () => clock.now,
    ...over,
  };
  const server = express();
  server.use(await createRouter(options));
  server.use(mockErrorHandler());
  return { server, store, requestSpokeRefresh, triggerRefresh, clock };
}

describe('GET /spokes', () => {
  it('lists every spoke with its roll-ups, the last refresh and stale flags', async () => {
    const { server } = await app();
    const res = await request(server).get('/spokes');
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((s: any) => [s.spoke, s.status, s.stale]),
    ).toEqual([
      ['dev', 'ok', false],
      ['staging', 'critical', true],
    ]);
    expect(res.body.items[1].components[1]).toEqual({
      component: 'tgw-attachment',
      title: 'Transit Gateway',
      status: 'critical',
      summary: expect.stringContaining('blackhole'),
    });
    expect(res.body.lastRefresh).toMatchObject({ id: 7, calls: 30 });
    expect(res.body.staleAfterSeconds).toBe(900);
  });

  it('turns a spoke stale when its snapshot crosses the stale age, between refresh runs', async () => {
    const { server, clock } = await app();
    const stale = async () =>
      (await request(server).get('/spokes')).body.items.map(
        (s: any) => s.stale,
      );
    expect(await stale()).toEqual([false, true]);
    // dev was refreshed at 10:00; stale after 15 minutes.
    clock.now = new Date('2026-11-23T10:15:00.000Z');
    expect(await stale()).toEqual([false, true]);
    clock.now = new Date('2026-11-23T10:15:00.002Z');
    expect(await stale()).toEqual([true, true]);
  });

  it('reads the list again only when a new refresh run was recorded', async () => {
    const { server, store } = await app();
    const listLatest = jest.spyOn(store, 'listLatest');
    let runId = 7;
    const lastRefresh = store.lastRefresh.bind(store);
    store.lastRefresh = async () => ({ ...(await lastRefresh())!, id: runId });
    store.changeVersion = async () => runId * 10;
    await request(server).get('/spokes');
    await request(server).get('/spokes');
    expect(listLatest).toHaveBeenCalledTimes(1);
    runId = 8; // another replica, or a manual refresh, recorded a run
    const res = await request(server).get('/spokes');
    expect(listLatest).toHaveBeenCalledTimes(2);
    expect(res.body.lastRefresh.id).toBe(8);
  });

  it('is forbidden without platform.health.read', async () => {
    const { server } = await app({
      permissions: mockServices.permissions({ result: AuthorizeResult.DENY }),
    });
    const res = await request(server).get('/spokes');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Not allowed: platform.health.read');
  });

  it('answers 503 saying the database is unreachable, and recovers when it is back', async () => {
    const { server, store } = await app();
    store.failWith = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    const down = await request(server).get('/spokes');
    expect(down.status).toBe(503);
    expect(down.body.error.message).toBe(
      'The spoke health database is unreachable (ECONNREFUSED); spoke health will be served again as soon as it is back',
    );
    store.failWith = undefined;
    expect((await request(server).get('/spokes')).status).toBe(200);
  });

  it('answers 503 when the database does not answer in time', async () => {
    const { server, store } = await app();
    store.listLatest = () => new Promise(() => {});
    const res = await request(server).get('/spokes');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain('no answer within 200 ms');
  });

  it('keeps other store errors a 500', async () => {
    const { server, store } = await app();
    store.failWith = new Error('syntax error at or near "FROM"');
    expect((await request(server).get('/spokes')).status).toBe(500);
  });
});

describe('GET /spokes/:name', () => {
  it('returns every check of the spoke', async () => {
    const { server } = await app();
    const res = await request(server).get('/spokes/staging');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      spoke: 'staging',
      status: 'critical',
      stale: true,
    });
    expect(res.body.components.flatMap((c: any) => c.checks)).toHaveLength(5);
  });

  it('is 404 for an unknown spoke', async () => {
    const { server } = await app();
    const res = await request(server).get('/spokes/nowhere');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'Unknown spoke nowhere: it is not in the catalog or has not been refreshed yet',
    );
  });

  it('is 400 naming the field for a name that cannot be a spoke', async () => {
    const { server } = await app();
    const res = await request(server).get('/spokes/Not_A_Spoke');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid path parameter name: must be a spoke name: a DNS label of a-z, 0-9 and -',
    );
  });
});

describe('GET /spokes/:name/history', () => {
  it('returns the history, honouring since and limit', async () => {
    const { server } = await app();
    const res = await request(server).get(
      '/spokes/dev/history?since=2026-11-23T00:00:00Z&limit=5',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      spoke: 'dev',
      items: [expect.objectContaining({ status: 'ok' })],
    });
    const later = await request(server).get(
      '/spokes/dev/history?since=2026-11-24T00:00:00Z',
    );
    expect(later.body.items).toEqual([]);
  });

  it('pages with the cursor of the previous page until the last page, which has none', async () => {
    const older = ['09:55', '09:50', '09:45'].map(t => ({
      ...healthFixtures.degraded('dev'),
      refreshedAt: `2026-11-23T${t}:00.000Z`,
    }));
    const { server } = await app({}, older);
    const first = await request(server).get('/spokes/dev/history?limit=2');
    expect(first.body.items.map((e: any) => e.refreshedAt)).toEqual([
      '2026-11-23T10:00:00.000Z',
      '2026-11-23T09:55:00.000Z',
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(server).get(
      `/spokes/dev/history?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.status).toBe(200);
    expect(second.body.items.map((e: any) => e.refreshedAt)).toEqual([
      '2026-11-23T09:50:00.000Z',
      '2026-11-23T09:45:00.000Z',
    ]);
    expect(second.body).not.toHaveProperty('nextCursor');
  });

  it('is an empty history for a spoke known only from its past', async () => {
    const { server } = await app();
    const res = await request(server).get('/spokes/retired/history');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('is 404 for an unknown spoke', async () => {
    const { server } = await app();
    expect((await request(server).get('/spokes/nowhere/history')).status).toBe(
      404,
    );
  });

  it.each([
    [
      'limit=0',
      'Invalid query parameter limit: must be a whole number from 1 to 1000',
    ],
    [
      'limit=abc',
      'Invalid query parameter limit: must be a whole number from 1 to 1000',
    ],
    [
      'limit=1001',
      'Invalid query parameter limit: must be a whole number from 1 to 1000',
    ],
    [
      'since=yesterday',
      'Invalid query parameter since: must be an ISO 8601 date-time such as 2026-11-23T10:00:00Z',
    ],
    ['order=asc', 'Invalid unknown query parameter order'],
    [
      'cursor=bm90LWEtY3Vyc29y',
      'Invalid query parameter cursor: pass the nextCursor of the previous page as it was',
    ],
    [
      `cursor=${'a'.repeat(201)}`,
      'Invalid query parameter cursor: must be the nextCursor of the previous page',
    ],
  ])('is 400 naming the field for %s', async (query, message) => {
    const { server } = await app();
    const res = await request(server).get(`/spokes/dev/history?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
  });
});

describe('POST /spokes/:name/refresh', () => {
  it('queues a refresh of the spoke and answers at once', async () => {
    const { server, requestSpokeRefresh } = await app();
    const res = await request(server).post('/spokes/dev/refresh');
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      status: 'accepted',
      message:
        'The refresh of dev is queued behind any refresh already running; its result appears on the page when it finishes',
    });
    expect(requestSpokeRefresh).toHaveBeenCalledWith('dev');
  });

  it('allows one refresh by hand per person per interval, whichever the scope', async () => {
    const { server, requestSpokeRefresh, triggerRefresh, clock } = await app();
    const ana = mockCredentials.user('user:default/ana');
    const ben = mockCredentials.user('user:default/ben');
    const as = (who: typeof ana) => ({
      Authorization: mockCredentials.user.header(who.principal.userEntityRef),
    });
    expect(
      (await request(server).post('/spokes/dev/refresh').set(as(ana))).status,
    ).toBe(202);
    clock.now = new Date(NOW.getTime() + 10_000);
    const again = await request(server).post('/refresh').set(as(ana));
    expect(again.status).toBe(429);
    expect(again.headers['retry-after']).toBe('20');
    expect(again.body.error.message).toBe(
      'You asked for a refresh less than 30 s ago; try again in 20 s (the scheduled refresh keeps running)',
    );
    expect(
      (await request(server).post('/spokes/dev/refresh').set(as(ben))).status,
    ).toBe(202);
    clock.now = new Date(NOW.getTime() + 30_000);
    expect((await request(server).post('/refresh').set(as(ana))).status).toBe(
      202,
    );
    expect(requestSpokeRefresh).toHaveBeenCalledTimes(2);
    expect(triggerRefresh).toHaveBeenCalledTimes(1);
  });

  it('is 404 for a spoke the catalog does not know, which costs no turn', async () => {
    const { server } = await app();
    expect((await request(server).post('/spokes/ghost/refresh')).status).toBe(
      404,
    );
    expect((await request(server).post('/spokes/dev/refresh')).status).toBe(
      202,
    );
  });

  it('needs platform.health.refresh, not just read', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async ([req]) => [
        {
          result:
            req.permission.name === 'platform.health.read'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        },
      ],
    });
    const { server, requestSpokeRefresh } = await app({ permissions });
    expect((await request(server).get('/spokes')).status).toBe(200);
    const res = await request(server).post('/spokes/dev/refresh');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Not allowed: platform.health.refresh');
    expect(requestSpokeRefresh).not.toHaveBeenCalled();
  });
});

describe('POST /refresh', () => {
  it('asks the scheduler to refresh every spoke', async () => {
    const { server, triggerRefresh } = await app();
    const res = await request(server).post('/refresh');
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('triggered');
    expect(triggerRefresh).toHaveBeenCalledTimes(1);
  });

  it('is 409 while a refresh is already running', async () => {
    const { server } = await app({
      triggerRefresh: async () => {
        throw new ConflictError(
          'Task platform-health-refresh is currently running',
        );
      },
    });
    const res = await request(server).post('/refresh');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      'A refresh of all spokes is already running; its results appear when it finishes',
    );
  });

  it('checks the permission for the caller, user or service', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.DENY }],
    });
    const { server, triggerRefresh } = await app({
      permissions,
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.service('plugin:catalog'),
      }),
    });
    expect((await request(server).post('/refresh')).status).toBe(403);
    expect(triggerRefresh).not.toHaveBeenCalled();
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'platform.health.refresh',
          }),
        },
      ],
      { credentials: mockCredentials.service('plugin:catalog') },
    );
  });
});

describe('GET /services/:name/secrets', () => {
  const body = {
    service: 'phl-store',
    environments: [
      {
        environment: 'dev',
        account: '222233334444',
        region: 'ap-southeast-3',
        status: 'ok' as const,
        secrets: [],
      },
    ],
  };

  it("answers with the service's secrets, reading the catalog as the caller", async () => {
    const readServiceSecrets = jest.fn(async () => body);
    const { server } = await app({ readServiceSecrets });
    const res = await request(server).get('/services/phl-store/secrets');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(body);
    expect(readServiceSecrets).toHaveBeenCalledWith(
      'phl-store',
      expect.objectContaining({ principal: expect.anything() }),
    );
  });

  it('is 404 when the caller cannot see the service', async () => {
    const { server } = await app({ readServiceSecrets: async () => undefined });
    const res = await request(server).get('/services/hidden/secrets');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'No service named hidden in the catalog',
    );
  });

  it('is 400 naming the parameter for a malformed name', async () => {
    const { server } = await app({ readServiceSecrets: async () => body });
    const res = await request(server).get('/services/Bad_Name/secrets');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('path parameter name');
  });
});
